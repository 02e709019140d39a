package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// deployDir is the repository's deploy/ folder.
const deployDir = "../../deploy"

// unitFile is a systemd unit parsed strictly: every line a comment, a
// [Section] or a Key=Value inside a section.
type unitFile map[string]map[string][]string

func parseUnit(t *testing.T, path string) unitFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unitFile{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			if !slices.Contains([]string{"Unit", "Service", "Install", "Timer"}, section) {
				t.Errorf("%s:%d: unexpected section [%s]", path, n, section)
			}
			if u[section] == nil {
				u[section] = map[string][]string{}
			}
		case strings.HasSuffix(line, `\`):
			t.Errorf("%s:%d: continuation lines are not used here", path, n)
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" || !regexp.MustCompile(`^[A-Z][A-Za-z]+$`).MatchString(k) {
				t.Errorf("%s:%d: not a Key=Value line in a section: %q", path, n, line)
				continue
			}
			u[section][k] = append(u[section][k], v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return u
}

func (u unitFile) get(section, key string) string {
	v := u[section][key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// TestSystemdUnits checks the unit files: they parse, the service is
// supervised and hardened as README "Deploying" says, and, where
// systemd-analyze works, systemd itself finds nothing to complain about.
func TestSystemdUnits(t *testing.T) {
	svc := parseUnit(t, filepath.Join(deployDir, "regiepool.service"))
	for key, want := range map[string]string{
		"Restart":         "on-failure",
		"NoNewPrivileges": "yes",
		"ProtectSystem":   "strict",
		"PrivateTmp":      "yes",
		"ProtectHome":     "yes",
		"User":            "regiepool",
		"KillMode":        "mixed",
		"ExecStart":       "/usr/local/bin/regiepool serve",
		"EnvironmentFile": "/etc/regiepool/regiepool.env",
		"ReadWritePaths":  "/var/lib/regiepool",
	} {
		if got := svc.get("Service", key); got != want {
			t.Errorf("regiepool.service [Service] %s=%q, want %q", key, got, want)
		}
	}
	if !slices.Contains(svc["Service"]["Environment"], "REGIEPOOL_DATA_DIR=/var/lib/regiepool") {
		t.Error("regiepool.service does not set REGIEPOOL_DATA_DIR to its ReadWritePaths")
	}
	if svc.get("Install", "WantedBy") != "multi-user.target" {
		t.Error("regiepool.service is not wanted by multi-user.target")
	}
	backup := parseUnit(t, filepath.Join(deployDir, "regiepool-backup.service"))
	if !strings.Contains(backup.get("Service", "ExecStart"), "/usr/local/bin/regiepool backup /var/backups/regiepool/") ||
		backup.get("Service", "User") != "regiepool" || !strings.Contains(backup.get("Service", "ReadWritePaths"), "/var/backups/regiepool") {
		t.Error("regiepool-backup.service does not back up as regiepool into /var/backups/regiepool")
	}
	timer := parseUnit(t, filepath.Join(deployDir, "regiepool-backup.timer"))
	if timer.get("Timer", "OnCalendar") == "" || timer.get("Install", "WantedBy") != "timers.target" {
		t.Error("regiepool-backup.timer has no schedule or is not wanted by timers.target")
	}

	// systemd's own check, with the binary path pointing at something
	// executable (this test binary), since /usr/local/bin/regiepool is
	// not installed here. Any message at all fails the test: systemd
	// only warns about an unknown key.
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skipf("systemd-analyze not installed; the units were checked by parsing only")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"regiepool.service", "regiepool-backup.service", "regiepool-backup.timer"} {
		b, err := os.ReadFile(filepath.Join(deployDir, name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(b), "/usr/local/bin/regiepool", self)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, analyze, append([]string{"verify"}, paths...)...)
	out, err := cmd.CombinedOutput()
	msg := strings.TrimSpace(string(out))
	if err != nil && strings.Contains(msg, "System has not been booted with systemd") {
		t.Skipf("systemd-analyze verify does not work in this sandbox (%s); the units were checked by parsing only", msg)
	}
	if err != nil || msg != "" {
		t.Errorf("systemd-analyze verify: %v\n%s", err, msg)
	}
}

// TestContainerfile checks the image definition: a multi-stage build, a
// non-root user, a health check on /readyz, no self-managed database. It
// builds the image when a container tool is installed and working, and
// otherwise skips the build saying why.
func TestContainerfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(deployDir, "Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var froms, users []string
	var health string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			froms = append(froms, line)
		case "USER":
			users = append(users, f[1])
		case "HEALTHCHECK":
			health = line
		}
	}
	if len(froms) < 2 {
		t.Errorf("want a multi-stage build, got %d FROM lines", len(froms))
	}
	if len(users) == 0 || slices.Contains([]string{"0", "root", "0:0"}, users[len(users)-1]) {
		t.Errorf("the image must run as a non-root user, USER lines: %v", users)
	}
	if !strings.Contains(string(b), "http://127.0.0.1:8080/readyz") || health == "" {
		t.Error("no HEALTHCHECK on /readyz")
	}
	if strings.Contains(string(b), "postgresql-15 ") || strings.Contains(string(b), "initdb") {
		t.Error("the image should run against an external PostgreSQL, not carry a server")
	}
	if _, err := os.Stat("../../.dockerignore"); err != nil {
		t.Errorf("no .dockerignore: the build context would include data/ (%v)", err)
	}

	tool := ""
	for _, name := range []string{"podman", "docker", "buildah"} {
		if p, err := exec.LookPath(name); err == nil {
			tool = p
			break
		}
	}
	if tool == "" {
		t.Skip("no container tool (podman, docker, buildah) installed: the image build was not tried")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	info := exec.CommandContext(ctx, tool, "info")
	out, err := info.CombinedOutput()
	cancel()
	if err != nil {
		t.Skipf("%s is installed but does not work here, so the image build was not tried: %s", filepath.Base(tool), firstLine(out, err))
	}
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	args := []string{"build", "-f", "deploy/Containerfile", "-t", "regiepool:test", "."}
	if filepath.Base(tool) == "buildah" {
		args = append([]string{"bud"}, args[1:]...)
	}
	build := exec.CommandContext(ctx, tool, args...)
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s build: %v\n%s", filepath.Base(tool), err, out)
	}
}

func firstLine(out []byte, err error) string {
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); strings.Contains(strings.ToLower(l), "cannot") || strings.Contains(strings.ToLower(l), "error") {
			return l
		}
	}
	return err.Error()
}
