package domain

import "testing"

func TestRedactSingleUseLinks(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Open https://regiepool.example.nl/beoordelen/Ab3_x-9 en vul in.", "Open https://regiepool.example.nl/beoordelen/[verborgen] en vul in."},
		{`<a href="https://r.nl/vragenlijst/QQ-1">lijst</a>`, `<a href="https://r.nl/vragenlijst/[verborgen]">lijst</a>`},
		{"https://r.nl/wachtwoord-herstellen/tok\nen verder", "https://r.nl/wachtwoord-herstellen/[verborgen]\nen verder"},
		{"Naar uw aanbiedingen: https://r.nl/aanbiedingen", "Naar uw aanbiedingen: https://r.nl/aanbiedingen"},
		{"https://r.nl/feedback", "https://r.nl/feedback"},
	} {
		if got := RedactSingleUseLinks(c.in); got != c.want {
			t.Errorf("RedactSingleUseLinks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
