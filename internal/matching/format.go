package matching

import (
	"math"
	"strconv"
	"time"
	"unsafe"
)

// Cheap Dutch formatting helpers: no fmt, at most one allocation per string.

// appendDec appends v with the given number of decimals (0–6) and a
// decimal comma, with integer arithmetic.
func appendDec(b []byte, v float64, decimals int) []byte {
	p := int64(1)
	for range decimals {
		p *= 10
	}
	f := math.Round(v * float64(p))
	if !(math.Abs(f) < 1e15) { // huge or NaN: let strconv deal with it
		return commaize(b, len(b), strconv.AppendFloat(b, v, 'f', decimals, 64))
	}
	n := int64(f)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/p, 10)
	if decimals > 0 {
		b = append(b, ',')
		frac := n % p
		for q := p / 10; q > 0; q /= 10 {
			b = append(b, byte('0'+frac/q%10))
		}
	}
	return b
}

// appendShort appends v in its shortest form with a decimal comma ("4", "3,5").
func appendShort(b []byte, v float64) []byte {
	return commaize(b, len(b), strconv.AppendFloat(b, v, 'f', -1, 64))
}

func commaize(_ []byte, start int, b []byte) []byte {
	for i := start; i < len(b); i++ {
		if b[i] == '.' {
			b[i] = ','
		}
	}
	return b
}

// appendScoreBelow appends a member score that is below norm so that the
// printed value also reads as below the printed norm (up to 2 decimals,
// trailing zeros trimmed; more when rounding would hide the difference).
func appendScoreBelow(b []byte, v, norm float64) []byte {
	h := math.Round(v * 100)
	if h/100 >= norm || !(math.Abs(h) < 1e15) {
		return appendShort(b, v)
	}
	n := int64(h)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	if f := n % 100; f != 0 {
		b = append(b, ',', byte('0'+f/10))
		if f%10 != 0 {
			b = append(b, byte('0'+f%10))
		}
	}
	return b
}

// appendDate appends t as dd-mm-yyyy.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	b = append(b, byte('0'+d/10), byte('0'+d%10), '-', byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	if y >= 0 && y < 1000 {
		b = append(b, '0')
		if y < 100 {
			b = append(b, '0')
		}
		if y < 10 {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, int64(y), 10)
}

// dayNum is the civil day number (days since 1970-01-01) of t's calendar
// date in t's own location; dates compare by calendar day, not instant.
func dayNum(t time.Time) int32 {
	y, m, d := t.Date()
	return daysFromCivil(y, int(m), d)
}

// daysFromCivil is Howard Hinnant's days_from_civil.
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// compReason holds "Competenties: 0,00" … "Competenties: 1,00".
var compReason = func() [101]string {
	var t [101]string
	for i := range t {
		t[i] = string(appendDec([]byte("Competenties: "), float64(i)/100, 2))
	}
	return t
}()

func competencyReason(part float64) string {
	i := int(math.Round(part * 100))
	if i < 0 {
		i = 0
	}
	if i > 100 {
		i = 100
	}
	return compReason[i]
}

// pairCache interns short strings keyed by two small non-negative ints,
// e.g. "Ruimte: 3 van 5 casussen vrij", so a ranking of thousands of
// members formats each distinct text once.
type pairCache struct {
	vals []string
	dim  int
	make func(a, b int) string
}

func newPairCache(dim int, mk func(a, b int) string) *pairCache {
	return &pairCache{dim: dim, make: mk}
}

func (c *pairCache) get(a, b int) string {
	if a < 0 || b < 0 || a >= c.dim || b >= c.dim {
		return c.make(a, b)
	}
	if c.vals == nil {
		c.vals = make([]string, c.dim*c.dim)
	}
	i := a*c.dim + b
	if c.vals[i] == "" {
		c.vals[i] = c.make(a, b)
	}
	return c.vals[i]
}

func spareText(spare, max int) string {
	b := make([]byte, 0, 40)
	b = append(b, "Ruimte: "...)
	b = strconv.AppendInt(b, int64(spare), 10)
	b = append(b, " van "...)
	b = strconv.AppendInt(b, int64(max), 10)
	b = append(b, " casussen vrij"...)
	return string(b)
}

func fullText(active, max int) string {
	b := make([]byte, 0, 40)
	b = append(b, "Geen ruimte: "...)
	b = strconv.AppendInt(b, int64(active), 10)
	b = append(b, " van "...)
	b = strconv.AppendInt(b, int64(max), 10)
	b = append(b, " casussen"...)
	return string(b)
}

func knowledgeText(k, n int) string {
	b := make([]byte, 0, 40)
	b = append(b, "Kent leefgebieden: "...)
	b = strconv.AppendInt(b, int64(k), 10)
	b = append(b, " van "...)
	b = strconv.AppendInt(b, int64(n), 10)
	return string(b)
}

// textArena hands out strings carved from large append-only byte chunks, so
// thousands of short reason texts cost a handful of allocations. Bytes are
// never written again once a string points at them.
type textArena struct {
	buf []byte
	str []string // backing for reason lists
}

const textChunk = 32 << 10

// begin returns the scratch to append one text to.
func (a *textArena) begin(size int) []byte {
	if cap(a.buf)-len(a.buf) < size {
		a.buf = make([]byte, 0, max(textChunk, size))
	}
	return a.buf[len(a.buf):len(a.buf)]
}

// end turns the text appended to b (from begin) into a string.
func (a *textArena) end(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	s := unsafe.String(unsafe.SliceData(b), len(b))
	if unsafe.SliceData(b) == unsafe.SliceData(a.buf[len(a.buf):]) && len(a.buf)+len(b) <= cap(a.buf) {
		a.buf = a.buf[:len(a.buf)+len(b)] // written in place: claim the bytes
	} // else append moved b to a private array
	return s
}

// list returns an empty []string with room for n reasons, carved from a
// shared backing array; its capacity is capped so appends never spill into
// a neighbour.
func (a *textArena) list(n int) []string {
	if cap(a.str)-len(a.str) < n {
		a.str = make([]string, 0, max(1024, n))
	}
	l := len(a.str)
	a.str = a.str[:l+n]
	return a.str[l : l : l+n]
}
