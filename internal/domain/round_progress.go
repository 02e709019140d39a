package domain

// GroupProgress is how many raters of one group a round invited and how
// many of them answered.
type GroupProgress struct {
	Group             RaterGroup
	Invited, Answered int
}

// Progress counts the round's raters per group, accounts and links alike,
// in the order of RaterGroups; groups without raters are left out. This is
// what the coach sees of who answered: how many per group, never who
// (ShowsWhoAnswered).
func (f FeedbackRound) Progress() []GroupProgress {
	by := map[RaterGroup]*GroupProgress{}
	for _, x := range f.Raters {
		p, ok := by[x.Group]
		if !ok {
			p = &GroupProgress{Group: x.Group}
			by[x.Group] = p
		}
		p.Invited++
		if x.Submitted {
			p.Answered++
		}
	}
	var out []GroupProgress
	for _, g := range RaterGroups {
		if p, ok := by[g]; ok {
			out = append(out, *p)
		}
	}
	return out
}

// ShowsWhoAnswered reports whether the coach may see which rater of group g
// answered: only in the known groups (coach, manager), whose answers are
// shown as theirs anyway. In the other groups the coach sees how many
// answered, never who, so the moment an answer arrives cannot tie it to a
// person; the reminders by e-mail go to those who have not answered.
func (g RaterGroup) ShowsWhoAnswered() bool { return g.Known() }
