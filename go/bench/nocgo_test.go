//go:build !cgo

package bench

import "testing"

const noNative = "native engine needs cgo"

func nativeAttackPathComputation(b *testing.B, _ []byte)       { b.Skip(noNative) }
func nativeComputeAttackPaths(b *testing.B, _ []byte)          { b.Skip(noNative) }
func nativeLoadAndSerializeFindings(b *testing.B, _, _ []byte) { b.Skip(noNative) }
func nativeDecode(b *testing.B, _ []byte)                      { b.Skip(noNative) }
