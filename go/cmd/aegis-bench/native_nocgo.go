//go:build !cgo || aegis_purego

package main

import aegispath "libaegispath/bridge"

func nativeCompute([]byte, bool) (runResult, error) {
	return runResult{}, aegispath.ErrNativeUnavailable
}
