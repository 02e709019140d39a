package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"os"
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestBadInputIsRefusedEverywhere: bad characters, duplicate keys, bodies
// over the limit and files where none belong get a clear 4xx (problem+json on
// the API, a Dutch page elsewhere), never a 500.
func TestBadInputIsRefusedEverywhere(t *testing.T) {
	srv, db := newServer(t)
	token := adminToken(t, db)
	form := "application/x-www-form-urlencoded"
	js := "application/json"
	for _, tt := range []struct {
		name, method, path, ctype, body string
		auth                            bool
		want                            int
		wantParam                       string
	}{
		{"NUL in a log-in form", "POST", "/inloggen", form, "email=a%00b&password=x", false, 400, ""},
		{"invalid UTF-8 in a log-in form", "POST", "/inloggen", form, "email=a%FFb&password=x", false, 400, ""},
		{"NUL in a query", "GET", "/api/v1/regisseurs?page=1%00", "", "", true, 400, "page"},
		{"NUL in JSON", "POST", "/api/v1/access-tokens", js, `{"email":"a\u0000b@x.nl","password":"x"}`, false, 400, "email"},
		{"NUL in a nested JSON string", "POST", "/api/v1/municipalities", js, `{"code":"GM0001","name":"X","region":"a\u0000"}`, true, 400, "region"},
		{"invalid UTF-8 in JSON", "POST", "/api/v1/access-tokens", js, "{\"email\":\"a\xffb\",\"password\":\"x\"}", false, 400, "body"},
		{"duplicate JSON key", "POST", "/api/v1/municipalities", js, `{"code":"GM0001","name":"A","name":"B","region":"Oost"}`, true, 400, "name"},
		{"null body", "PATCH", "/api/v1/municipalities/1", js, `null`, true, 400, "body"},
		{"body over 1 MB", "POST", "/api/v1/municipalities", js, `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, true, 413, ""},
		{"multipart on a form without files", "POST", "/inloggen", "multipart/form-data; boundary=x", "--x\r\n\r\n--x--\r\n", false, 415, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := []string{}
			if tt.ctype != "" {
				h = append(h, "Content-Type", tt.ctype)
			}
			if tt.auth {
				h = append(h, "Authorization", "Bearer "+token)
			}
			res, body := do(t, tt.method, srv.URL+tt.path, tt.body, h...)
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %.300s", res.StatusCode, tt.want, body)
			}
			if strings.HasPrefix(tt.path, "/api/") {
				p := decodeProblem(t, res, body)
				if tt.wantParam != "" && (len(p.InvalidParams) == 0 || p.InvalidParams[0].Name != tt.wantParam) {
					t.Errorf("invalidParams %+v, want %s", p.InvalidParams, tt.wantParam)
				}
				return
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(body), "Dit kan zo niet") {
				t.Errorf("want a Dutch page, got %s: %.300s", ct, body)
			}
		})
	}
}

// TestMultipartTempFilesAreRemoved posts 20 large reports (over the 1 MiB
// that multipart parsing keeps in memory) and finds nothing left in the
// temporary directory afterwards.
func TestMultipartTempFilesAreRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, nil, 3, 16)
	var membershipID int64
	if err := db.Get(&membershipID, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	cookie := "regiepool_session=" + pgtest.MustSession(t, db, admin.ID)
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 3<<20)...)
	for i := 0; i < 20; i++ {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		for k, v := range map[string]string{"testDate": "2026-01-01", "instrumentName": "Test", "provider": "Test", "outcome": "suitable"} {
			_ = w.WriteField(k, v)
		}
		fw, _ := w.CreateFormFile("report", "rapport.pdf")
		_, _ = fw.Write(pdf)
		_ = w.Close()
		// Anonymous posts too: they are refused before their body is read.
		for _, c := range []string{cookie, ""} {
			res, body := do(t, "POST", srv.URL+fmt.Sprintf("/pool/leden/%d/voorselectie", membershipID), b.String(),
				"Content-Type", w.FormDataContentType(), "Cookie", c)
			if res.StatusCode >= 500 {
				t.Fatalf("post %d: status %d: %.300s", i, res.StatusCode, body)
			}
		}
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("%d files left in the temporary directory, want 0", len(left))
	}
}
