package domain

// The thresholds of the regie arrangement's hours: at 80 % the page warns
// that the arrangement is nearly used, at 100 % that it is used up.
const (
	HoursNearShare = 0.8
	HoursOverShare = 1.0
)

// The warnings about the arrangement's hours.
const (
	HoursOK   = ""
	HoursNear = "near" // at least 80 % spent
	HoursOver = "over" // at least 100 % spent
)

// HoursWarning says how far the hours spent on the case (the sum of its
// hours events) have used up its regie arrangement: HoursOK, HoursNear
// (80 % or more) or HoursOver (100 % or more).
func (c *Case) HoursWarning() string {
	if c.ArrangementHours <= 0 {
		return HoursOK
	}
	switch share := c.HoursSpent / c.ArrangementHours; {
	case share >= HoursOverShare:
		return HoursOver
	case share >= HoursNearShare:
		return HoursNear
	}
	return HoursOK
}

// HoursPercent is the share of the arrangement spent, in whole percents
// rounded down (so 79.9 % does not read as 80 %).
func (c *Case) HoursPercent() int {
	if c.ArrangementHours <= 0 {
		return 0
	}
	return int(c.HoursSpent / c.ArrangementHours * 100)
}
