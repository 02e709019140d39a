// Package assessment loads and validates instrument definitions and scores
// self-assessments and 360 feedback, with the anonymity rules. It is pure:
// no SQL, no HTTP.
package assessment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"regiepool/internal/domain"
)

// Item kinds.
const (
	KindCompetency    = "competency"
	KindKnowledgeArea = "knowledge_area"
	KindAuthority     = "authority"
	KindResultArea    = "result_area"
)

// Instrument is one published version of an instrument definition.
type Instrument struct {
	Key         string    `yaml:"key" json:"key"`
	Version     int       `yaml:"version" json:"version"`
	Title       string    `yaml:"title" json:"title"`
	Description string    `yaml:"description" json:"description"`
	Source      string    `yaml:"source" json:"source"`
	Scale       Scale     `yaml:"scale" json:"scale"`
	Sections    []Section `yaml:"sections" json:"sections"`

	// Checksum is the SHA-256 of the file, to detect a changed published version.
	Checksum string `yaml:"-" json:"-"`
	// File is where the definition came from, for messages.
	File string `yaml:"-" json:"-"`
}

// StoredInstrument is an instrument version as the service keeps it: its
// id, which self-assessments and rounds refer to, and when it was loaded.
type StoredInstrument struct {
	ID       int64
	LoadedAt time.Time
	Def      *Instrument
}

// Scale is the rating scale every item is answered on.
type Scale struct {
	Min           int            `yaml:"min" json:"min"`
	Max           int            `yaml:"max" json:"max"`
	Anchors       map[int]string `yaml:"anchors" json:"anchors"`
	NotApplicable string         `yaml:"notApplicable" json:"notApplicable"`
	FamilyAnchors map[int]string `yaml:"familyAnchors" json:"familyAnchors"`
}

// Range is max − min, the spread the blind-spot rule is a third of.
func (s Scale) Range() float64 { return float64(s.Max - s.Min) }

// Points lists the scale points in order.
func (s Scale) Points() []int {
	var out []int
	for p := s.Min; p <= s.Max; p++ {
		out = append(out, p)
	}
	return out
}

// Section groups items of one kind.
type Section struct {
	Key   string `yaml:"key" json:"key"`
	Kind  string `yaml:"kind" json:"kind"`
	Title string `yaml:"title" json:"title"`
	Intro string `yaml:"intro" json:"intro,omitempty"`
	Items []Item `yaml:"items" json:"items"`
}

// Item is one thing to rate: a competency, knowledge area, authority or
// result area.
type Item struct {
	Key           string   `yaml:"key" json:"key"`
	Name          string   `yaml:"name" json:"name"`
	Description   string   `yaml:"description" json:"description"`
	Indicators    []string `yaml:"indicators" json:"indicators,omitempty"`
	KeyActivities []string `yaml:"keyActivities" json:"keyActivities,omitempty"`
	Norm          *int     `yaml:"norm" json:"norm,omitempty"`
	Source        string   `yaml:"source" json:"source"`
	Family        string   `yaml:"family" json:"family,omitempty"`

	Kind string `yaml:"-" json:"kind"`
}

// SetItemKinds gives every item the kind of its section: a definition file
// states the kind once per section, while an item shown on its own (in the
// API's definition, in results) must carry it. Parse calls it; the store
// calls it on definitions stored before items carried their kind.
func (in *Instrument) SetItemKinds() {
	for i := range in.Sections {
		for j := range in.Sections[i].Items {
			in.Sections[i].Items[j].Kind = in.Sections[i].Kind
		}
	}
}

// Items returns every item in order, with its kind filled in.
func (in *Instrument) Items() []Item {
	var out []Item
	for _, s := range in.Sections {
		for _, it := range s.Items {
			it.Kind = s.Kind
			out = append(out, it)
		}
	}
	return out
}

// Competencies returns the competency items in order.
func (in *Instrument) Competencies() []Item {
	var out []Item
	for _, it := range in.Items() {
		if it.Kind == KindCompetency {
			out = append(out, it)
		}
	}
	return out
}

// Item returns the item with key.
func (in *Instrument) Item(key string) (Item, bool) {
	for _, it := range in.Items() {
		if it.Key == key {
			return it, true
		}
	}
	return Item{}, false
}

// FamilyItems are the items on the shorter, plain-language family form.
func (in *Instrument) FamilyItems() []Item {
	var out []Item
	w := embeddedWording(in)
	for _, it := range in.Items() {
		if it.Family != "" {
			if w != nil && w.Family[it.Key] != "" {
				it.Family = w.Family[it.Key] // the wording layer (wording.go)
			}
			out = append(out, it)
		}
	}
	return out
}

var (
	keyShape  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	fileShape = regexp.MustCompile(`^([a-z0-9-]+)/v([0-9]+)\.yaml$`)
)

// LoadAll reads and validates every definition in fsys, sorted by key and
// version. The first fault found in any file is returned, naming the file.
func LoadAll(fsys fs.FS) ([]*Instrument, error) {
	files, err := fs.Glob(fsys, "*/v*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*Instrument
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("assessments/%s: %w", f, err)
		}
		in, err := Parse(f, b)
		if err != nil {
			return nil, err
		}
		if _, err := loadWording(fsys, in); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	if len(out) == 0 {
		return nil, errors.New("assessments: no instrument definitions found")
	}
	return out, nil
}

// Parse decodes and validates one definition; name is its path below
// assessments/, which must read <key>/v<version>.yaml.
func Parse(name string, b []byte) (*Instrument, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("assessments/%s: %s", name, fmt.Sprintf(format, args...))
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var in Instrument
	if err := dec.Decode(&in); err != nil {
		return nil, fail("%v", err)
	}
	sum := sha256.Sum256(b)
	in.Checksum, in.File = hex.EncodeToString(sum[:]), name
	m := fileShape.FindStringSubmatch(name)
	if m == nil {
		return nil, fail("file name must read <key>/v<version>.yaml")
	}
	if in.Key != m[1] || strconv.Itoa(in.Version) != m[2] {
		return nil, fail("key %q and version %d do not match the file name", in.Key, in.Version)
	}
	if err := in.validate(); err != nil {
		return nil, fail("%v", err)
	}
	in.SetItemKinds()
	return &in, nil
}

// validate checks the rules of SCHEMA.md; messages name the item at fault.
func (in *Instrument) validate() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !keyShape.MatchString(in.Key) {
		add("key %q: use lowercase letters, digits and hyphens", in.Key)
	}
	if in.Version < 1 {
		add("version must be 1 or higher")
	}
	if strings.TrimSpace(in.Title) == "" {
		add("title is missing")
	}
	s := in.Scale
	if s.Min < 0 || s.Max <= s.Min || s.Max-s.Min > 10 {
		add("scale: need 0 <= min < max with at most 11 points (got %d..%d)", s.Min, s.Max)
	} else {
		for _, p := range s.Points() {
			if strings.TrimSpace(s.Anchors[p]) == "" {
				add("scale: point %d has no anchor text", p)
			}
			if len(s.FamilyAnchors) > 0 && strings.TrimSpace(s.FamilyAnchors[p]) == "" {
				add("scale: point %d has no family anchor text", p)
			}
		}
		for p := range s.Anchors {
			if p < s.Min || p > s.Max {
				add("scale: anchor for point %d lies outside %d..%d", p, s.Min, s.Max)
			}
		}
	}
	if strings.TrimSpace(s.NotApplicable) == "" {
		add("scale: notApplicable text is missing")
	}
	seen := map[string]bool{}
	competencies := 0
	for _, sec := range in.Sections {
		switch sec.Kind {
		case KindCompetency, KindKnowledgeArea, KindAuthority, KindResultArea:
		default:
			add("section %q: unknown kind %q", sec.Key, sec.Kind)
		}
		if len(sec.Items) == 0 {
			add("section %q has no items", sec.Key)
		}
		for _, it := range sec.Items {
			where := fmt.Sprintf("item %q", it.Key)
			if !keyShape.MatchString(it.Key) {
				add("%s: key must be lowercase letters, digits and hyphens", where)
			}
			if seen[it.Key] {
				add("%s: key is used twice", where)
			}
			seen[it.Key] = true
			if strings.TrimSpace(it.Name) == "" || strings.TrimSpace(it.Description) == "" {
				add("%s: name and description are required", where)
			}
			if it.Norm != nil && (*it.Norm < s.Min || *it.Norm > s.Max) {
				add("%s: norm %d lies outside the scale %d..%d", where, *it.Norm, s.Min, s.Max)
			}
			switch sec.Kind {
			case KindCompetency:
				competencies++
				if it.Norm == nil {
					add("%s: a competency needs a norm", where)
				}
				if n := len(it.Indicators); n < 3 || n > 5 {
					add("%s: a competency needs 3 to 5 indicators (has %d)", where, n)
				}
			case KindResultArea:
				if len(it.KeyActivities) == 0 {
					add("%s: a result area needs its key activities", where)
				}
			}
		}
	}
	if competencies == 0 {
		add("the instrument has no competencies")
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

// ID is the stable name of a version, e.g. "regie-competenties/v1".
func (in *Instrument) ID() string { return path.Join(in.Key, "v"+strconv.Itoa(in.Version)) }

// CheckAnswers validates answers against the instrument: known items only
// (family raters: the family items only), scores on the scale, comments of
// at most 2000 characters. With complete, every item the form shows must be
// answered (a score or "kan ik niet beoordelen"). All faults are reported.
func (in *Instrument) CheckAnswers(answers map[string]domain.Answer, family, complete bool) error {
	allowed := map[string]bool{}
	items := in.Items()
	if family {
		items = in.FamilyItems()
	}
	for _, it := range items {
		allowed[it.Key] = true
	}
	var fe []domain.FieldError
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := answers[k]
		switch {
		case !allowed[k]:
			fe = append(fe, domain.FieldError{Name: "answers." + k, Code: "unknown", Reason: "Dit onderdeel hoort niet bij deze vragenlijst."})
		case a.Score != nil && (*a.Score < in.Scale.Min || *a.Score > in.Scale.Max):
			fe = append(fe, domain.FieldError{Name: "answers." + k, Code: "range", Reason: fmt.Sprintf("Kies een score van %d tot en met %d, of 'kan ik niet beoordelen'.", in.Scale.Min, in.Scale.Max)})
		case len([]rune(a.Comment)) > 2000:
			fe = append(fe, domain.FieldError{Name: "answers." + k + ".comment", Code: "max", Reason: "Een toelichting heeft hoogstens 2000 tekens."})
		}
	}
	if complete {
		for _, it := range items {
			if _, ok := answers[it.Key]; !ok {
				fe = append(fe, domain.FieldError{Name: "answers." + it.Key, Code: "required", Reason: "Beantwoord '" + it.Name + "' (of kies 'kan ik niet beoordelen')."})
			}
		}
	}
	if fe != nil {
		return domain.Invalid(fe...)
	}
	return nil
}
