package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/mailtest"
	"regiepool/internal/pgtest"
)

// TestServeSendsMail: with REGIEPOOL_SMTP_URL set, serve's outbox worker
// delivers what a request wrote to the outbox (here a password reset link)
// to the SMTP server, and stops with the service.
func TestServeSendsMail(t *testing.T) {
	db, dsn := pgtest.NewDBWithDSN(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	smtp := mailtest.Start(t)
	env := map[string]string{"DATABASE_URL": dsn, "REGIEPOOL_ADDR": "127.0.0.1:0", "REGIEPOOL_LOG_FORMAT": "json",
		"REGIEPOOL_SMTP_URL": fmt.Sprintf("smtp://%s?tls=none", smtp.Addr()), "REGIEPOOL_MAIL_FROM": "Regiepool <noreply@regiepool.test>"}
	srv := startServe(t, env, 30*time.Second)
	addr, done, logs, cancel := srv.addr, srv.done, srv.logs, srv.cancel
	res, err := http.PostForm("http://"+addr+"/wachtwoord-vergeten", url.Values{"email": {u.Email}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("request a reset link: %d", res.StatusCode)
	}
	got := smtp.WaitFor(1, 20*time.Second)[0]
	if got.To[0] != u.Email || !strings.Contains(got.Text, "/wachtwoord-herstellen/rpw_") || got.Header.Get("From") != `"Regiepool" <noreply@regiepool.test>` {
		t.Errorf("arrived: to %v from %q\n%s", got.To, got.Header.Get("From"), got.Text)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no clean shutdown within 20s")
	}
	if strings.Contains(logs.String(), "rpw_") {
		t.Error("the log holds a reset token")
	}
}
