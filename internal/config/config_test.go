package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	for _, tt := range []struct {
		name    string
		env     map[string]string
		check   func(Config) bool
		wantErr []string
	}{
		{"defaults", nil, func(c Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.DataDir == "./data" && c.LogLevel == slog.LevelInfo && !c.Demo && c.ShutdownTimeout == 15*time.Second
		}, nil},
		{"overrides", map[string]string{"REGIEPOOL_ADDR": ":9000", "REGIEPOOL_DEMO": "true", "REGIEPOOL_LOG_LEVEL": "debug", "REGIEPOOL_SHUTDOWN_TIMEOUT": "3s"}, func(c Config) bool {
			return c.Addr == ":9000" && c.Demo && c.LogLevel == slog.LevelDebug && c.ShutdownTimeout == 3*time.Second
		}, nil},
		{"public url", map[string]string{"REGIEPOOL_PUBLIC_URL": "https://regiepool.example.nl/"}, func(c Config) bool {
			return c.PublicURL == "https://regiepool.example.nl"
		}, nil},
		{"no trusted proxies by default", nil, func(c Config) bool { return c.TrustedProxies == nil }, nil},
		{"trusted proxies", map[string]string{"REGIEPOOL_TRUSTED_PROXIES": " 10.0.0.5, 192.168.0.0/24,,2001:db8::/32 "}, func(c Config) bool {
			return strings.Join(c.TrustedProxies, "|") == "10.0.0.5|192.168.0.0/24|2001:db8::/32"
		}, nil},
		{"every bad value is named", map[string]string{"REGIEPOOL_DEMO": "ja", "REGIEPOOL_LOG_FORMAT": "xml", "REGIEPOOL_SHUTDOWN_TIMEOUT": "soon", "REGIEPOOL_PUBLIC_URL": "ftp://x", "REGIEPOOL_TRUSTED_PROXIES": "10.0.0.5,proxy.example"}, nil,
			[]string{"REGIEPOOL_DEMO", "REGIEPOOL_LOG_FORMAT", "REGIEPOOL_SHUTDOWN_TIMEOUT", "REGIEPOOL_PUBLIC_URL", "REGIEPOOL_TRUSTED_PROXIES"}},
		{"trusted proxies without an address", map[string]string{"REGIEPOOL_TRUSTED_PROXIES": " , "}, nil, []string{"REGIEPOOL_TRUSTED_PROXIES"}},
		{"trusted proxy that is no address", map[string]string{"REGIEPOOL_TRUSTED_PROXIES": "10.0.0.300/8"}, nil, []string{"REGIEPOOL_TRUSTED_PROXIES"}},
		{"insecure cookies on loopback", map[string]string{"REGIEPOOL_SECURE_COOKIES": "false", "REGIEPOOL_ADDR": "127.0.0.1:8080"}, func(c Config) bool { return !c.SecureCookies }, nil},
		{"insecure cookies on localhost", map[string]string{"REGIEPOOL_SECURE_COOKIES": "false", "REGIEPOOL_ADDR": "localhost:0"}, func(c Config) bool { return !c.SecureCookies }, nil},
		{"insecure cookies on IPv6 loopback", map[string]string{"REGIEPOOL_SECURE_COOKIES": "false", "REGIEPOOL_ADDR": "[::1]:8080"}, func(c Config) bool { return !c.SecureCookies }, nil},
		{"insecure cookies on every interface", map[string]string{"REGIEPOOL_SECURE_COOKIES": "false", "REGIEPOOL_ADDR": ":8080"}, nil, []string{"REGIEPOOL_SECURE_COOKIES", "REGIEPOOL_ADDR"}},
		{"insecure cookies on a public address", map[string]string{"REGIEPOOL_SECURE_COOKIES": "false", "REGIEPOOL_ADDR": "10.1.2.3:8080"}, nil, []string{"REGIEPOOL_SECURE_COOKIES", "TLS"}},
		{"heavy limit", map[string]string{"REGIEPOOL_HEAVY_LIMIT": "3"}, func(c Config) bool { return c.HeavyLimit == 3 }, nil},
		{"heavy limit by cores by default", nil, func(c Config) bool { return c.HeavyLimit == 0 }, nil},
		{"monitoring refresh", map[string]string{"REGIEPOOL_MONITORING_REFRESH": "15m"}, func(c Config) bool { return c.MonitoringRefresh == 15*time.Minute }, nil},
		{"monitoring refresh off", map[string]string{"REGIEPOOL_MONITORING_REFRESH": "0"}, func(c Config) bool { return c.MonitoringRefresh == 0 }, nil},
		{"monitoring refresh by default", nil, func(c Config) bool { return c.MonitoringRefresh == 5*time.Minute }, nil},
		{"min cell by default", nil, func(c Config) bool { return c.MinCell == 5 }, nil},
		{"min cell", map[string]string{"REGIEPOOL_MIN_CELL": "10"}, func(c Config) bool { return c.MinCell == 10 }, nil},
		{"min cell below the floor", map[string]string{"REGIEPOOL_MIN_CELL": "2"}, nil, []string{"REGIEPOOL_MIN_CELL", "from 3 to 50"}},
		{"min cell too high", map[string]string{"REGIEPOOL_MIN_CELL": "51"}, nil, []string{"REGIEPOOL_MIN_CELL"}},
		{"min cell not a number", map[string]string{"REGIEPOOL_MIN_CELL": "vijf"}, nil, []string{"REGIEPOOL_MIN_CELL"}},
		{"no smtp by default", nil, func(c Config) bool { return c.SMTP == nil && c.MailFrom == "" }, nil},
		{"smtp with starttls", map[string]string{"REGIEPOOL_SMTP_URL": "smtp://mailer:geheim@mail.example.nl", "REGIEPOOL_MAIL_FROM": "Regiepool <noreply@example.nl>"}, func(c Config) bool {
			return *c.SMTP == SMTP{Host: "mail.example.nl", Port: 587, Username: "mailer", Password: "geheim", TLS: "starttls"} &&
				!strings.Contains(c.LogValue().String(), "geheim")
		}, nil},
		{"smtps", map[string]string{"REGIEPOOL_SMTP_URL": "smtps://mail.example.nl", "REGIEPOOL_MAIL_FROM": "noreply@example.nl"}, func(c Config) bool {
			return *c.SMTP == SMTP{Host: "mail.example.nl", Port: 465, TLS: "implicit"}
		}, nil},
		{"smtp without tls", map[string]string{"REGIEPOOL_SMTP_URL": "smtp://127.0.0.1:2525?tls=none", "REGIEPOOL_MAIL_FROM": "noreply@example.nl"}, func(c Config) bool {
			return *c.SMTP == SMTP{Host: "127.0.0.1", Port: 2525, TLS: "none"}
		}, nil},
		{"smtp without sender", map[string]string{"REGIEPOOL_SMTP_URL": "smtp://mail.example.nl"}, nil, []string{"REGIEPOOL_MAIL_FROM"}},
		{"bad smtp url hides the password", map[string]string{"REGIEPOOL_SMTP_URL": "http://u:geheim@mail.example.nl", "REGIEPOOL_MAIL_FROM": "x"}, func(c Config) bool { return false },
			[]string{"REGIEPOOL_SMTP_URL", "REGIEPOOL_MAIL_FROM", "xxxxx"}},
		{"unknown tls mode", map[string]string{"REGIEPOOL_SMTP_URL": "smtp://mail.example.nl?tls=maybe", "REGIEPOOL_MAIL_FROM": "a@b.nl"}, nil, []string{"REGIEPOOL_SMTP_URL"}},
		{"heavy limit of none", map[string]string{"REGIEPOOL_HEAVY_LIMIT": "0"}, nil, []string{"REGIEPOOL_HEAVY_LIMIT"}},
		{"monitoring refresh too often", map[string]string{"REGIEPOOL_MONITORING_REFRESH": "10s"}, nil, []string{"REGIEPOOL_MONITORING_REFRESH"}},
		{"monitoring refresh not a duration", map[string]string{"REGIEPOOL_MONITORING_REFRESH": "often"}, nil, []string{"REGIEPOOL_MONITORING_REFRESH"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tt.env[k] })
			if tt.wantErr != nil {
				if err == nil {
					t.Fatal("got no error")
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %s", err, w)
					}
				}
				return
			}
			if err != nil || !tt.check(c) {
				t.Fatalf("got %+v, %v", c, err)
			}
		})
	}
}

func TestMaskURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"postgres://app:geheim@db:5432/regiepool", "postgres://app:xxxxx@db:5432/regiepool"},
		{"host=/tmp user=app password=geheim dbname=x", "host=/tmp user=app password=xxxxx dbname=x"},
		{"", ""},
	} {
		if got := MaskURL(tt.in); got != tt.want {
			t.Errorf("MaskURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
