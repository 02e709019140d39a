package assessment

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"regiepool/assessments"
)

// A wording layer rephrases the family questions of a published version
// without changing the version: assessments/<key>/wording-v<N>.yaml. A
// published version is immutable once answered (its checksum is checked at
// start), but plain-language wording may need to improve while the item,
// its construct and its answers stay the same. A change of meaning needs a
// new version instead.

// Wording is one wording layer.
type Wording struct {
	Instrument string            `yaml:"instrument"`
	Version    int               `yaml:"version"`
	Family     map[string]string `yaml:"family"` // item key → family question
}

// wordingFile is the name of the wording layer of version v.
func wordingFile(key string, v int) string {
	return path.Join(key, "wording-v"+strconv.Itoa(v)+".yaml")
}

// loadWording reads and checks the wording layer of in from fsys, if it has
// one.
func loadWording(fsys fs.FS, in *Instrument) (*Wording, error) {
	name := wordingFile(in.Key, in.Version)
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("assessments/%s: %w", name, err)
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("assessments/%s: %s", name, fmt.Sprintf(format, args...))
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var w Wording
	if err := dec.Decode(&w); err != nil {
		return nil, fail("%v", err)
	}
	if w.Instrument != in.Key || w.Version != in.Version {
		return nil, fail("instrument %q version %d do not match the file name", w.Instrument, w.Version)
	}
	family := map[string]bool{}
	for _, it := range in.Items() {
		if it.Family != "" {
			family[it.Key] = true
		}
	}
	for k, q := range w.Family {
		switch {
		case !family[k]:
			return nil, fail("family: %q is no item with a family question in v%d", k, in.Version)
		case strings.TrimSpace(q) == "" || len([]rune(q)) > 300 || !strings.HasSuffix(q, "?"):
			return nil, fail("family: the question of %q must be a question of at most 300 characters", k)
		}
	}
	return &w, nil
}

var (
	wordingOnce sync.Once
	wordings    map[string]*Wording // by "<key>/v<N>"
	wordingErr  error
)

// embeddedWording is the wording layer of in from the embedded definitions,
// nil for none. LoadAll checks every layer against its version and the
// service refuses to start on a faulty one, so here they are only read.
func embeddedWording(in *Instrument) *Wording {
	wordingOnce.Do(func() {
		wordings = map[string]*Wording{}
		files, err := fs.Glob(assessments.FS, "*/wording-v*.yaml")
		if err != nil {
			wordingErr = err
			return
		}
		for _, f := range files {
			b, err := fs.ReadFile(assessments.FS, f)
			if err != nil {
				wordingErr = err
				return
			}
			var w Wording
			if err := yaml.Unmarshal(b, &w); err != nil {
				wordingErr = err
				return
			}
			wordings[path.Join(w.Instrument, "v"+strconv.Itoa(w.Version))] = &w
		}
	})
	if wordingErr != nil {
		return nil
	}
	return wordings[in.ID()]
}
