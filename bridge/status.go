package aegispath

// Status is a status code of the library (enum aegis_status in
// include/aegispath.h). Codes are stable; the library may add new ones.
//
// Adding a status: one constant here, before statusCount (codes are
// consecutive). The cgo build fails until status_cgo.go checks the new
// constant against its C value too, and TestStatusStrings fails when the
// library knows a status that is missing here.
type Status int

const (
	StatusOK Status = iota
	StatusInvalidArgument
	StatusTooLarge
	StatusMalformedJSON
	StatusInvalidUTF8
	StatusSchema
	StatusInvalidFilter
	StatusNotFound
	StatusOutOfMemory
	StatusWriteAborted
	StatusInternal
	StatusCancelled      // an aegis_cancel of the call was requested
	StatusTimedOut       // the call ran past Options.Timeout
	StatusResultTooLarge // the result is over Options.MaxResultBytes
	statusCount          // one past the last status; not a status
)
