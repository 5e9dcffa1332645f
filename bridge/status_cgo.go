//go:build cgo && !aegis_purego

package aegispath

// #include "aegispath.h"
import "C"

// The Go status constants are the C enum's values: each index below is 0
// exactly when they agree, and any other constant index is out of the
// array's bounds, so a mismatch fails `go build`. The last line makes
// statusCount follow the last C status, so a status added to the Go list
// fails the build until it is listed here too.
func _() {
	var equal [1]struct{}
	_ = equal[StatusOK-C.AEGIS_OK]
	_ = equal[StatusInvalidArgument-C.AEGIS_ERR_INVALID_ARGUMENT]
	_ = equal[StatusTooLarge-C.AEGIS_ERR_TOO_LARGE]
	_ = equal[StatusMalformedJSON-C.AEGIS_ERR_MALFORMED_JSON]
	_ = equal[StatusInvalidUTF8-C.AEGIS_ERR_INVALID_UTF8]
	_ = equal[StatusSchema-C.AEGIS_ERR_SCHEMA]
	_ = equal[StatusInvalidFilter-C.AEGIS_ERR_INVALID_FILTER]
	_ = equal[StatusNotFound-C.AEGIS_ERR_NOT_FOUND]
	_ = equal[StatusOutOfMemory-C.AEGIS_ERR_OUT_OF_MEMORY]
	_ = equal[StatusWriteAborted-C.AEGIS_ERR_WRITE_ABORTED]
	_ = equal[StatusInternal-C.AEGIS_ERR_INTERNAL]
	_ = equal[StatusCancelled-C.AEGIS_ERR_CANCELLED]
	_ = equal[StatusTimedOut-C.AEGIS_ERR_TIMED_OUT]
	_ = equal[StatusResultTooLarge-C.AEGIS_ERR_RESULT_TOO_LARGE]
	_ = equal[statusCount-1-C.AEGIS_ERR_RESULT_TOO_LARGE] // the last status
}

// String is the library's short description of the status ("not found");
// "unknown status" for a code the library does not know.
func (s Status) String() string {
	return C.GoString(C.aegis_status_string(C.aegis_status(s)))
}
