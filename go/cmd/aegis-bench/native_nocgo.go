//go:build !cgo || aegis_purego

package main

import (
	aegispath "libaegispath/bridge"
	"libaegispath/go/api"
)

func nativeCompute([]byte, bool) (runResult, error) {
	return runResult{}, aegispath.ErrNativeUnavailable
}

func nativeComputeEx([]byte, api.Options, bool, bool) (runResult, error) {
	return runResult{}, aegispath.ErrNativeUnavailable
}
