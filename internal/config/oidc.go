package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"regiepool/internal/domain"
)

var providerID = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)

// parseOIDCProviders reads REGIEPOOL_OIDC_ISSUERS: a JSON array of
// providers, or the path of a file holding one (which keeps the client
// secrets out of the environment). Every problem is named at once.
func parseOIDCProviders(v string) ([]domain.OIDCProvider, error) {
	data := []byte(v)
	if !strings.HasPrefix(v, "[") {
		b, err := os.ReadFile(v)
		if err != nil {
			return nil, fmt.Errorf("want a JSON array of providers or the path of a file holding one: %w", err)
		}
		data = b
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ps []domain.OIDCProvider
	if err := dec.Decode(&ps); err != nil {
		return nil, fmt.Errorf(`want a JSON array such as [{"id":"gemeente","issuer":"https://login.example.nl","clientId":"regiepool","clientSecret":"…","organisationId":1,"name":"Gemeente Leeuwarden","provision":true}]: %v`, err)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("the list holds no provider")
	}
	var problems []string
	seen := map[string]bool{}
	for i, p := range ps {
		at := fmt.Sprintf("provider %d", i+1)
		if !providerID.MatchString(p.ID) {
			problems = append(problems, at+": id must be 1–40 lower-case letters, digits or hyphens")
		} else if seen[p.ID] {
			problems = append(problems, at+": id "+p.ID+" is used twice")
		}
		seen[p.ID] = true
		if u, err := url.Parse(p.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && LoopbackAddr(hostPort(u)))) {
			problems = append(problems, at+": issuer must be an https URL")
		}
		if p.ClientID == "" {
			problems = append(problems, at+": clientId is missing")
		}
		if strings.TrimSpace(p.Name) == "" {
			problems = append(problems, at+": name (the log-in button's text) is missing")
		}
		if p.OrganisationID != nil && *p.OrganisationID <= 0 {
			problems = append(problems, at+": organisationId must be a positive id")
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return ps, nil
}

func hostPort(u *url.URL) string {
	if u.Port() == "" {
		return u.Host + ":80"
	}
	return u.Host
}

// oidcIDs lists the providers for the start-up log, without their secrets.
func oidcIDs(ps []domain.OIDCProvider) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID + "=" + p.Issuer
	}
	return strings.Join(ids, ",")
}
