package web

import "testing"

func TestSafeBack(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"root", "/", "/"},
		{"path", "/casussen/3", "/casussen/3"},
		{"path with query", "/ok?x=1", "/ok?x=1"},
		{"escaped space", "/zoeken?q=a%20b", "/zoeken?q=a%20b"},
		{"non-ascii", "/pool/leden/ë", "/pool/leden/ë"},
		{"empty", "", "/"},
		{"relative", "casussen", "/"},
		{"tab after slash", "/\t/evil.example/x", "/"},
		{"tab inside", "/ok\tx", "/"},
		{"CR LF", "/\r\n/evil.example", "/"},
		{"LF", "/\n/evil.example", "/"},
		{"NUL", "/ok\x00", "/"},
		{"DEL", "/ok\x7f", "/"},
		{"escaped tab", "/%09/evil.example", "/"},
		{"escaped CR LF", "/%0d%0a/evil.example", "/"},
		{"escaped slashes", "/%2F%2Fevil.example", "/"},
		{"escaped slash after slash", "/%2Fevil.example", "/"},
		{"escaped backslash", "/%5Cevil.example", "/"},
		{"backslash after slash", "/\\evil.example", "/"},
		{"two backslashes", "/\\\\evil.example", "/"},
		{"backslash later", "/ok\\x", "/"},
		{"protocol-relative", "//evil.example", "/"},
		{"three slashes", "///evil.example", "/"},
		{"absolute https", "https://evil.example", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"scheme-relative with user", "//user@evil.example", "/"},
		{"bad escape", "/%zz", "/"},
		{"invalid utf-8", "/ok\xff", "/"},
		{"right-to-left override", "/ok\u202e", "/"},
		{"line separator", "/ok\u2028", "/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeBack(tt.in); got != tt.want {
				t.Errorf("safeBack(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
