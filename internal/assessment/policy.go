package assessment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PolicyFile is the name of an instrument's matching policy beside its
// versions: assessments/<key>/policy.yaml.
const PolicyFile = "policy.yaml"

// DefaultNormPenalty is the fit lost per scale point under a norm when an
// instrument has no policy file (matching.DefaultWeights).
const DefaultNormPenalty = 0.1

// Policy is how an instrument's competency norms count in matching. The
// norms themselves are development targets (in the instrument); a score
// under one lowers the fit by NormPenalty per scale point short. Minimums
// are optional hard limits: under one, a member is excluded.
type Policy struct {
	Instrument  string             `yaml:"instrument" json:"instrument"`
	NormPenalty float64            `yaml:"normPenalty" json:"normPenalty"`
	Minimums    map[string]float64 `yaml:"minimums" json:"minimums"`

	// Checksum is the SHA-256 of the file.
	Checksum string `yaml:"-" json:"-"`
}

// LoadPolicies reads and validates the policy file of every instrument in
// defs that has one, checked against the instrument's newest version.
func LoadPolicies(fsys fs.FS, defs []*Instrument) ([]*Policy, error) {
	newest := map[string]*Instrument{}
	for _, d := range defs {
		if cur := newest[d.Key]; cur == nil || d.Version > cur.Version {
			newest[d.Key] = d
		}
	}
	keys := make([]string, 0, len(newest))
	for k := range newest {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []*Policy
	for _, k := range keys {
		name := path.Join(k, PolicyFile)
		b, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("assessments/%s: %w", name, err)
		}
		p, err := ParsePolicy(name, b, newest[k])
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ParsePolicy decodes and validates one policy file (name is its path
// below assessments/) for instrument in: it must name the instrument, have
// a penalty in [0, 1], and give minimums only for its competencies, on the
// scale and not above the norm.
func ParsePolicy(name string, b []byte, in *Instrument) (*Policy, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("assessments/%s: %v", name, err)
	}
	sum := sha256.Sum256(b)
	p.Checksum = hex.EncodeToString(sum[:])
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if p.Instrument != in.Key {
		add("instrument %q does not match the directory %q", p.Instrument, in.Key)
	}
	if p.NormPenalty < 0 || p.NormPenalty > 1 {
		add("normPenalty %v: use a value from 0 to 1", p.NormPenalty)
	}
	keys := make([]string, 0, len(p.Minimums))
	for k := range p.Minimums {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lo := p.Minimums[k]
		it, ok := in.Item(k)
		switch {
		case !ok || it.Kind != KindCompetency:
			add("minimum for %q: not a competency of %s", k, in.ID())
		case lo <= float64(in.Scale.Min) || lo > float64(in.Scale.Max):
			add("minimum for %q: %v must lie above %d and at most %d", k, lo, in.Scale.Min, in.Scale.Max)
		case it.Norm != nil && lo > float64(*it.Norm):
			add("minimum for %q: %v lies above the norm %d", k, lo, *it.Norm)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("assessments/%s: %s", name, strings.Join(errs, "; "))
	}
	if p.Minimums == nil {
		p.Minimums = map[string]float64{}
	}
	return &p, nil
}
