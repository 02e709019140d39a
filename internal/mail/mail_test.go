package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"regiepool/internal/domain"
	"regiepool/internal/mailtest"
)

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

type tlsSession struct {
	conn *smtp.Conn
	got  chan bool // whether the message came over TLS
}

func (s *tlsSession) Reset()                               {}
func (s *tlsSession) Logout() error                        { return nil }
func (s *tlsSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *tlsSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *tlsSession) Data(r io.Reader) error {
	_, _ = io.ReadAll(r)
	_, isTLS := s.conn.TLSConnectionState()
	s.got <- isTLS
	return nil
}

func message() domain.OutboxMessage {
	m := domain.ComposeMail(domain.MailPasswordReset, "Onderwerp", []string{"Tekst."}, "Link", "https://regiepool.test/x")
	return domain.OutboxMessage{ID: 7, Kind: m.Kind, To: "iemand@voorbeeld.nl", Subject: m.Subject, Text: m.Text, HTML: m.HTML}
}

// TestSend_STARTTLS: smtp:// sends only after STARTTLS, checking the
// server's certificate.
func TestSend_STARTTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	got := make(chan bool, 1)
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &tlsSession{conn: c, got: got}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	port := ln.Addr().(*net.TCPAddr).Port

	s, err := New(Config{Host: "127.0.0.1", Port: port, TLS: TLSStartTLS, From: "noreply@regiepool.test",
		TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if !<-got {
		t.Error("the message went in clear")
	}
	// A certificate the client does not trust stops the delivery.
	untrusting, _ := New(Config{Host: "127.0.0.1", Port: port, TLS: TLSStartTLS, From: "noreply@regiepool.test", Timeout: 5 * time.Second})
	if err := untrusting.Send(context.Background(), message()); err == nil {
		t.Error("sent to a server with an untrusted certificate")
	}
}

// TestSend_NoPlaintextFallback: smtp:// refuses a server without STARTTLS
// instead of sending in clear.
func TestSend_NoPlaintextFallback(t *testing.T) {
	srv := mailtest.Start(t) // no TLS
	s, err := New(Config{Host: srv.Host(), Port: srv.Port(), TLS: TLSStartTLS, From: "noreply@regiepool.test", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), message()); err == nil || len(srv.Messages()) != 0 {
		t.Fatalf("sent without STARTTLS (err %v, %d arrived)", err, len(srv.Messages()))
	}
}

func TestNew_RefusesBadConfig(t *testing.T) {
	for _, c := range []Config{
		{Port: 25, TLS: TLSNone, From: "a@b.nl"},
		{Host: "h", Port: 25, TLS: "maybe", From: "a@b.nl"},
		{Host: "h", Port: 25, TLS: TLSNone, From: "geen adres"},
	} {
		if _, err := New(c); err == nil || !strings.Contains(err.Error(), "mail") && !strings.Contains(err.Error(), "sender") {
			t.Errorf("New(%+v) = %v, want an error", c, err)
		}
	}
}
