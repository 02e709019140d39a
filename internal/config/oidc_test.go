package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOIDCProviders(t *testing.T) {
	file := filepath.Join(t.TempDir(), "oidc.json")
	if err := os.WriteFile(file, []byte(`[{"id":"wijkteams","issuer":"https://login.wijkteams.example","clientId":"regiepool","clientSecret":"geheim","organisationId":3,"name":"Wijkteams Fryslân","provision":true}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		value   string
		wantErr []string
		check   func(Config) bool
	}{
		{"inline", `[{"id":"gemeente","issuer":"https://login.example.nl","clientId":"rp","name":"Gemeente"}]`, nil, func(c Config) bool {
			p := c.OIDCProviders
			return len(p) == 1 && p[0].ID == "gemeente" && p[0].OrganisationID == nil && !p[0].Provision
		}},
		{"file", file, nil, func(c Config) bool {
			p := c.OIDCProviders
			return len(p) == 1 && p[0].ClientSecret == "geheim" && *p[0].OrganisationID == 3 && p[0].Provision
		}},
		{"http on loopback (tests, a local provider)", `[{"id":"dev","issuer":"http://127.0.0.1:5556","clientId":"rp","name":"Dev"}]`, nil, func(c Config) bool { return len(c.OIDCProviders) == 1 }},
		{"missing file", "/nonexistent/oidc.json", []string{"REGIEPOOL_OIDC_ISSUERS", "JSON array"}, nil},
		{"not JSON", `[{"id":}]`, []string{"REGIEPOOL_OIDC_ISSUERS", "JSON array"}, nil},
		{"unknown field", `[{"id":"a","issuer":"https://x.nl","clientId":"rp","name":"A","secret":"x"}]`, []string{"REGIEPOOL_OIDC_ISSUERS", "secret"}, nil},
		{"every problem named", `[{"id":"Gemeente!","issuer":"http://login.example.nl","name":" "},{"id":"b","issuer":"https://b.nl","clientId":"rp","name":"B","organisationId":0},{"id":"b","issuer":"https://b.nl","clientId":"rp","name":"B"}]`,
			[]string{"provider 1: id", "provider 1: issuer must be an https URL", "provider 1: clientId", "provider 1: name", "provider 2: organisationId", "provider 3: id b is used twice"}, nil},
		{"empty list", `[]`, []string{"no provider"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(func(k string) string {
				if k == "REGIEPOOL_OIDC_ISSUERS" {
					return tt.value
				}
				return ""
			})
			for _, w := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v does not say %q", err, w)
				}
			}
			if tt.wantErr == nil && err != nil {
				t.Fatal(err)
			}
			if tt.check != nil && !tt.check(c) {
				t.Errorf("providers %+v", c.OIDCProviders)
			}
			if tt.wantErr == nil && strings.Contains(c.LogValue().String(), "geheim") {
				t.Error("the start-up log shows a client secret")
			}
		})
	}
}
