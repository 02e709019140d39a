package app

import "testing"

func TestPublicURLFromAddr(t *testing.T) {
	for _, tt := range []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{":9000", "http://127.0.0.1:9000"},
		{"0.0.0.0:80", "http://127.0.0.1"},
		{"[::]:8080", "http://127.0.0.1:8080"},
		{"regiepool.internal:8443", "http://regiepool.internal:8443"},
	} {
		if got := PublicURLFromAddr(tt.addr); got != tt.want {
			t.Errorf("PublicURLFromAddr(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestAbsoluteURL(t *testing.T) {
	a := New(nil, Config{PublicURL: "https://regiepool.example.nl/"})
	if got := a.AbsoluteURL("/beoordelen/abc"); got != "https://regiepool.example.nl/beoordelen/abc" {
		t.Errorf("AbsoluteURL = %q", got)
	}
}
