package corpus

// rng is a SplitMix64 generator. It is written out here rather than taken
// from math/rand/v2 because the corpora must stay byte-identical across Go
// releases, and only the raw PCG/ChaCha8 streams — not the helpers built on
// them — are promised to stay stable.
type rng struct{ s uint64 }

const golden = 0x9e3779b97f4a7c15

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newRNG derives an independent stream for item i of a stream family, so a
// finding depends only on (seed, i) and never on the corpus size.
func newRNG(seed uint64, family uint64, i int) rng {
	return rng{s: mix64(mix64(seed^family*golden) + uint64(i)*golden)}
}

func (r *rng) next() uint64 {
	r.s += golden
	return mix64(r.s)
}

// intn returns a value in [0, n) for 0 < n < 2^32 (multiply-shift, the
// tiny bias is irrelevant for test data).
func (r *rng) intn(n int) int {
	return int(((r.next() >> 32) * uint64(n)) >> 32)
}

// rangeInt returns a value in [lo, hi].
func (r *rng) rangeInt(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool {
	return float64(r.next()>>11)*(1.0/(1<<53)) < p
}

// weighted picks an index with probability weights[i]/sum(weights).
func (r *rng) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.intn(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

const hexDigits = "0123456789abcdef"

// appendHex appends n random lowercase hex digits.
func (r *rng) appendHex(b []byte, n int) []byte {
	for n > 0 {
		v := r.next()
		for k := 0; k < 16 && n > 0; k++ {
			b = append(b, hexDigits[v&15])
			v >>= 4
			n--
		}
	}
	return b
}

func (r *rng) hex(n int) string { return string(r.appendHex(nil, n)) }

// uuid returns a random version-4-looking UUID.
func (r *rng) uuid() string {
	h := r.hex(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}
