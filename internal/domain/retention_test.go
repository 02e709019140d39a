package domain

import (
	"strings"
	"testing"
	"time"
)

func TestRetentionTerms(t *testing.T) {
	seen := map[RetentionKind]bool{}
	for _, term := range RetentionTerms {
		if seen[term.Kind] {
			t.Errorf("%s twice", term.Kind)
		}
		seen[term.Kind] = true
		if term.MinDays < 1 || term.Days < term.MinDays || term.Days > term.MaxDays {
			t.Errorf("%s: default %d outside %d–%d", term.Kind, term.Days, term.MinDays, term.MaxDays)
		}
		if term.Label == "" || term.Anchor == "" || (term.Action != RetentionDelete && term.Action != RetentionStrip) {
			t.Errorf("%s: incomplete row %+v", term.Kind, term)
		}
	}
	// The audit trail's purge refuses moments less than a year back
	// (migration 00024): no configured term may ask for one.
	if a, _ := RetentionTermOf("audit_events"); a.MinDays < 365 {
		t.Errorf("audit_events may be set to %d days; the trigger allows 365 at least", a.MinDays)
	}
}

func TestParseRetention(t *testing.T) {
	for _, tt := range []struct {
		in      string
		kind    RetentionKind
		want    int
		wantErr string
	}{
		{"", "reflections", 730, ""},
		{"reflections=365", "reflections", 365, ""},
		{" reflections = 365 , audit_events=2555", "audit_events", 2555, ""},
		{"reflections=10", "reflections", 730, "from 180 to 3650"},
		{"audit_events=100", "audit_events", 1825, "from 365 to 7300"},
		{"sessions=x", "sessions", 30, "whole days"},
		{"bogus=10", "sessions", 30, `unknown kind "bogus"`},
	} {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseRetention(tt.in)
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err %v, want %q", err, tt.wantErr)
			}
			if p[tt.kind] != tt.want {
				t.Errorf("%s = %d, want %d", tt.kind, p[tt.kind], tt.want)
			}
		})
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if got := DefaultRetention().Cutoff("login_failures", now); !got.Equal(now.AddDate(0, 0, -30)) {
		t.Errorf("cutoff %v", got)
	}
}

func TestReaderRole(t *testing.T) {
	name := "Cor"
	for _, tt := range []struct {
		a        RecordAccess
		role     string
		wantName bool
	}{
		{RecordAccess{ActorKind: ActorUser, ActorName: name, ActorRoles: []Role{RoleAdmin, RoleCoach}, ActorCoaches: true}, "admin", false},
		{RecordAccess{ActorKind: ActorUser, ActorName: name, ActorRoles: []Role{RoleCoach, RoleDispatcher}, ActorCoaches: true}, "coach", true},
		{RecordAccess{ActorKind: ActorUser, ActorName: name, ActorRoles: []Role{RoleCoach, RoleDispatcher}}, "dispatcher", true},
		{RecordAccess{ActorKind: ActorUser, ActorName: name, ActorRoles: []Role{RoleOrgContact}}, "org_contact", true},
		{RecordAccess{ActorKind: ActorSystem}, "system", false},
		{RecordAccess{ActorKind: ActorRater}, "rater", false},
	} {
		if got := tt.a.ReaderRole(); got != tt.role {
			t.Errorf("%+v: role %s, want %s", tt.a, got, tt.role)
		}
		if got := tt.a.ReaderName() != nil; got != tt.wantName {
			t.Errorf("%+v: name shown %v, want %v", tt.a, got, tt.wantName)
		}
	}
}
