//go:build cgo && !aegis_purego && aegispath_system

package aegispath

// Build tag aegispath_system: the installed library, found through
// pkg-config (aegispath.pc; set PKG_CONFIG_PATH for a prefix pkg-config does
// not search). Nothing points into the clone.

// #cgo pkg-config: aegispath
import "C"
