module libaegispath

go 1.22
