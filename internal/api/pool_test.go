package api

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"regiepool/internal/domain"
)

// TestPoolBindingTags: the binding tags of the pool requests only check the
// shape of a request, but they spell out code lists and bounds; this keeps
// them equal to domain's, where the lists are defined.
func TestPoolBindingTags(t *testing.T) {
	statuses := make([]string, len(domain.MembershipStatuses))
	for i, s := range domain.MembershipStatuses {
		statuses[i] = string(s)
	}
	for _, tt := range []struct {
		req   any
		field string
		want  string
	}{
		{transitionRequest{}, "To", "oneof=" + strings.Join(statuses, " ")},
		{unavailabilityRequest{}, "Reason", "oneof=" + strings.Join(domain.LeaveReasons, " ")},
		{preSelectionRequest{}, "Outcome", "oneof=" + strings.Join(domain.Outcomes, " ")},
		{capacityRequest{}, "MaxCases", "max=" + strconv.Itoa(domain.MaxCasesLimit)},
		{capacityRequest{}, "HoursPerWeek", "lte=" + strconv.Itoa(domain.MaxHoursPerWeek)},
		{nominationRequest{}, "HoursPerWeek", "lte=" + strconv.Itoa(domain.MaxHoursPerWeek)},
		{roundOrgJSON{}, "Quota", "max=" + strconv.Itoa(domain.MaxQuota)},
	} {
		f, ok := reflect.TypeOf(tt.req).FieldByName(tt.field)
		if !ok {
			t.Fatalf("%T has no field %s", tt.req, tt.field)
		}
		if tag := f.Tag.Get("binding"); !strings.Contains(","+tag+",", ","+tt.want+",") {
			t.Errorf("%T.%s binding %q, want it to hold %q", tt.req, tt.field, tag, tt.want)
		}
	}
}
