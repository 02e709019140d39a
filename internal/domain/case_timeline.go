package domain

import (
	"cmp"
	"slices"
	"time"
)

// The kinds of the timeline that are not log events: they come from the
// case itself and its assignments.
const (
	TimelineIntake     = "intake"
	TimelineAssigned   = "assigned"
	TimelineHandedOver = "handed_over"
	TimelineClosed     = "closed"
	// The offers of the case (offer.go): made, accepted, declined with a
	// reason, or expired.
	TimelineOffered       = "offered"
	TimelineOfferAccepted = "offer_accepted"
	TimelineOfferDeclined = "offer_declined"
	TimelineOfferExpired  = "offer_expired"
)

// TimelineKindLabels name the timeline's own kinds and the log events not
// recorded through the log's form (a reassessment); log events use
// EventKindLabels.
var TimelineKindLabels = map[string]string{
	TimelineIntake:        "Aangemeld",
	TimelineAssigned:      "Toegewezen",
	TimelineHandedOver:    "Overgedragen",
	TimelineClosed:        "Afgesloten",
	EventReassessment:     "Herbeoordeling",
	TimelineOffered:       "Aangeboden",
	TimelineOfferAccepted: "Aanbod aangenomen",
	TimelineOfferDeclined: "Aanbod afgewezen",
	TimelineOfferExpired:  "Aanbod verlopen",
}

// Recorder is who recorded a step: a user with their roles, as stored.
type Recorder struct {
	UserID int64
	Name   string
	Roles  []Role
}

// RecorderView is who recorded a step as a viewer may see it: always the
// role, the name only where CanSeeRecorderName allows.
type RecorderView struct {
	Role string // Dutch label (RoleLabels)
	Name string // "" when the viewer may not see it
}

// TimelineEntry is one step in the life of a case: its intake, an
// assignment, a handover, a logged event, or its close.
type TimelineEntry struct {
	Kind       string
	OccurredOn time.Time // the day it happened
	At         time.Time // when it was recorded; orders a day's steps
	// Event is the logged event for the log's kinds; nil for the others.
	Event *CaseEvent
	// RegisseurID and RegisseurName: who was assigned (assigned), who
	// handed the case over (handed_over), or to whom it was offered (the
	// offer kinds).
	RegisseurID   *int64
	RegisseurName string
	// Deadline of an offer (offered); nil for the other kinds.
	Deadline *time.Time
	// Reason of a handover or of a declined offer; CloseReason of a close
	// (CloseReasons).
	Reason, CloseReason string
	// OverrideReason and Overridden: an assignment made against the
	// ranking's exclusions, with the dispatcher's reason and the exclusion
	// codes overridden (ExclusionReasons); "" and nil otherwise, and for a
	// viewer who may not see them (CanSeeOverride).
	OverrideReason string
	Overridden     []string
	// Closure of a close (nil for one with a reason only), and what its
	// self-reliance changed in the case's.
	Closure *Closure
	Changes FieldChanges
	// Recorder is who recorded it; nil when unknown (the system).
	Recorder *Recorder
	// RecordedBy is Recorder as the viewer may see it (ViewTimeline).
	RecordedBy *RecorderView
}

// CanSeeRecorderName reports whether the viewer sees the name of user
// recorderID who recorded a step of case c: admins, the case's dispatchers
// (CanDispatchIn) and the recorder themselves. Others, such as the case's
// regisseur, see the role only.
func CanSeeRecorderName(viewer *Actor, c Case, recorderID int64) bool {
	return viewer.Has(RoleAdmin) || CanDispatchIn(viewer, c.MunicipalityID) || viewer.UserID == recorderID
}

// CanSeeOverride reports whether the viewer sees why an assignment of case
// c to regisseurID overrode the ranking: the exclusions speak of the
// regisseur's development data (a score under a hard minimum, a
// contra-indication). Admins, the case's dispatchers and that regisseur.
func CanSeeOverride(viewer *Actor, c Case, regisseurID int64) bool {
	return viewer.Has(RoleAdmin) || CanDispatchIn(viewer, c.MunicipalityID) ||
		(viewer.RegisseurID != nil && *viewer.RegisseurID == regisseurID)
}

// recorderRole is the role a user most likely recorded a case step in.
func recorderRole(roles []Role) string {
	for _, r := range []Role{RoleAdmin, RoleDispatcher, RoleRegisseur} {
		if slices.Contains(roles, r) {
			return RoleLabels[r]
		}
	}
	if len(roles) > 0 {
		return RoleLabels[roles[0]]
	}
	return "Onbekend"
}

// ViewTimeline orders the steps of case c (by day, then by the moment they
// were recorded; a stable sort keeps the store's order within that) and
// fills RecordedBy as the viewer may see it.
func ViewTimeline(viewer *Actor, c Case, entries []TimelineEntry) []TimelineEntry {
	for i := range entries {
		e := &entries[i]
		if e.OverrideReason != "" && (e.RegisseurID == nil || !CanSeeOverride(viewer, c, *e.RegisseurID)) {
			e.OverrideReason, e.Overridden = "", nil
		}
		if e.Recorder == nil {
			continue
		}
		v := RecorderView{Role: recorderRole(e.Recorder.Roles)}
		if CanSeeRecorderName(viewer, c, e.Recorder.UserID) {
			v.Name = e.Recorder.Name
		}
		e.RecordedBy = &v
	}
	SortTimeline(entries)
	return entries
}

// SortTimeline orders the steps of a timeline by day, then by the moment
// they were recorded; a stable sort keeps the given order within that.
func SortTimeline(entries []TimelineEntry) {
	slices.SortStableFunc(entries, func(x, y TimelineEntry) int {
		if d := x.OccurredOn.Compare(y.OccurredOn); d != 0 {
			return d
		}
		return cmp.Compare(x.At.UnixNano(), y.At.UnixNano())
	})
}
