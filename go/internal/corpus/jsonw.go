package corpus

import (
	"strconv"
	"unicode/utf8"
)

// jw appends compact JSON to a byte slice. One comma flag is enough for
// nesting: opening a container clears it and closing one sets it, because
// a closed container is itself a value of its parent.
type jw struct {
	b     []byte
	comma bool
	// asciiOnly writes every non-ASCII rune as \uXXXX (surrogate pairs above
	// the BMP), the way Python's json.dumps does by default; findings that
	// came through such collectors look like that, so the corpora contain
	// both raw UTF-8 and escaped forms for the decoder to handle.
	asciiOnly bool
}

func (w *jw) sep() {
	if w.comma {
		w.b = append(w.b, ',')
	}
}

func (w *jw) key(k string) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...) // keys are plain ASCII identifiers
	w.b = append(w.b, '"', ':')
	w.comma = false
}

func (w *jw) open(c byte) {
	w.sep()
	w.b = append(w.b, c)
	w.comma = false
}

func (w *jw) close(c byte) {
	w.b = append(w.b, c)
	w.comma = true
}

func (w *jw) objKey(k string) { w.key(k); w.open('{') }
func (w *jw) arrKey(k string) { w.key(k); w.open('[') }

func (w *jw) str(s string) {
	w.sep()
	w.b = w.appendString(w.b, s)
	w.comma = true
}

func (w *jw) strKey(k, v string) { w.key(k); w.str(v) }

// strKeyOpt writes the key only for a non-empty value (omitempty fields).
func (w *jw) strKeyOpt(k, v string) {
	if v != "" {
		w.strKey(k, v)
	}
}

func (w *jw) boolKey(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
	w.comma = true
}

// numKey writes a number given in hundredths. Whole values keep a ".0" as
// Python-based producers emit them ("7.0"), which Go re-encodes as "7".
func (w *jw) centsKey(k string, cents int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(cents/100), 10)
	w.b = append(w.b, '.')
	frac := cents % 100
	switch {
	case frac == 0:
		w.b = append(w.b, '0')
	case frac%10 == 0:
		w.b = append(w.b, byte('0'+frac/10))
	default:
		w.b = append(w.b, byte('0'+frac/10), byte('0'+frac%10))
	}
	w.comma = true
}

// fracKey writes v/10000 with up to four decimals (EPSS probabilities).
func (w *jw) fracKey(k string, tenThousandths int) {
	w.key(k)
	w.b = strconv.AppendFloat(w.b, float64(tenThousandths)/10000, 'f', -1, 64)
	w.comma = true
}

func (w *jw) strArrKey(k string, vs []string) {
	w.arrKey(k)
	for _, v := range vs {
		w.str(v)
	}
	w.close(']')
}

func (w *jw) appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if w.asciiOnly {
			if r > 0xFFFF {
				r -= 0x10000
				b = appendU4(b, 0xD800+(r>>10))
				b = appendU4(b, 0xDC00+(r&0x3FF))
			} else {
				b = appendU4(b, r)
			}
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func appendU4(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
}
