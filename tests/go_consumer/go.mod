// A Go module outside libaegispath that uses its bridge as another project
// would: the module is required at a placeholder version and replaced by a
// checkout (here the repository itself), and the build tag aegispath_system
// links the installed library through pkg-config. scripts/check/go-consumer.sh
// builds and runs it against a scratch install.
module example.com/aegisconsumer

go 1.25

require libaegispath v0.0.0

replace libaegispath => ../..
