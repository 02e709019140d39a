package national

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// bar is the progress bar on stderr: rows written of the estimated total,
// the table being written and the rate.
type bar struct {
	w       io.Writer
	total   int64
	n       int64
	table   string
	start   time.Time
	lastOut time.Time
}

func newBar(w io.Writer, total int64) *bar {
	if w == nil {
		w = io.Discard
	}
	return &bar{w: w, total: total, start: time.Now()}
}

func (b *bar) stage(table string) {
	b.table = table
	b.draw(true)
}

func (b *bar) add(n int64) {
	b.n += n
	if b.n%4096 == 0 {
		b.draw(false)
	}
}

func (b *bar) draw(force bool) {
	now := time.Now()
	if !force && now.Sub(b.lastOut) < 200*time.Millisecond {
		return
	}
	b.lastOut = now
	frac := float64(b.n) / float64(max(b.total, 1))
	frac = min(frac, 1)
	const width = 30
	full := int(frac * width)
	rate := float64(b.n) / max(now.Sub(b.start).Seconds(), 0.001)
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%% %10d rijen %8.0f/s  %-28s", strings.Repeat("#", full), strings.Repeat(".", width-full),
		100*frac, b.n, rate, b.table)
}

func (b *bar) done() {
	b.table = "klaar in " + time.Since(b.start).Round(time.Second).String()
	b.total = b.n
	b.draw(true)
	fmt.Fprintln(b.w)
}

// estimate is the number of rows a data set of size writes, roughly, for
// the bar's percentage.
func estimate(s Size) int64 {
	r := int64(s.Regisseurs)
	return r*40 + int64(s.Cases)*14 + int64(s.ClosedRounds)*190 + int64(s.Municipalities+s.Organisations)*3
}

// textArray is a PostgreSQL text[] literal of vs, each element quoted.
func textArray(vs []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}
