package app

import (
	"context"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/matching"
	"regiepool/internal/report"
)

// Store is what the use cases need of the store: exactly the methods of
// *postgres.DB they call, grouped by the store's files. It is satisfied by
// *postgres.DB alone (cmd and internal/server wire it in; tests use the real
// one on PostgreSQL, never a mock). It exists so that the adapters, which
// import this package, do not depend on the store package at all: a
// handler cannot reach the database around the use cases, and `go list
// -deps ./internal/api ./internal/web` shows no internal/postgres.
type Store interface {
	// accesstoken
	CreateAccessToken(ctx context.Context, userID int64) (string, domain.AccessToken, error)
	TokenActor(ctx context.Context, token string) (*domain.Actor, error)
	FindAccessTokens(ctx context.Context, p domain.Page) ([]domain.AccessToken, int, error)
	RevokeAccessToken(ctx context.Context, id int64) error
	// answer
	FindFeedbackRequests(ctx context.Context, p domain.Page) ([]domain.FeedbackRequest, int, error)
	FindFeedbackRequest(ctx context.Context, raterID int64) (domain.FeedbackRequest, error)
	AnswerFeedbackRequest(ctx context.Context, raterID int64, answers map[string]domain.Answer, submit bool) error
	ExternalFeedbackRequest(ctx context.Context, token string) (*domain.Actor, domain.FeedbackRequest, error)
	AnswerExternal(ctx context.Context, answers map[string]domain.Answer) error
	SaveExternalDraft(ctx context.Context, keys []string, answers map[string]domain.Answer) error
	FindRaterAccounts(ctx context.Context, regisseurID int64, f domain.RaterAccountFilter, p domain.Page) ([]domain.User, int, error)
	// assignment
	Assign(ctx context.Context, caseID, regisseurID int64) (domain.Case, error)
	AssignOverride(ctx context.Context, caseID, regisseurID int64, o domain.Override) (domain.Case, error)
	MatchingMember(ctx context.Context, minRaters int, caseID, regisseurID int64) (matching.Member, map[string]float64, map[string]string, bool, error)
	CountOverrides(ctx context.Context, from, to time.Time, municipalityID *int64) (map[string]int, error)
	Handover(ctx context.Context, caseID, regisseurID int64, reason string) (domain.Case, error)
	CloseCaseWith(ctx context.Context, caseID int64, cl domain.Closure) (domain.Case, error)
	RecordCaseEvent(ctx context.Context, caseID int64, e *domain.CaseEvent) error
	ReassessCase(ctx context.Context, caseID int64, r domain.Reassessment) (domain.Case, error)
	// audit
	FindAuditEvents(ctx context.Context, f domain.AuditFilter, p domain.Page) ([]domain.AuditEvent, int, error)
	DenyRoute(ctx context.Context, perm domain.Permission) error
	FindRecordAccesses(ctx context.Context, regisseurID int64, others bool, p domain.Page) ([]domain.RecordAccess, int, error)
	// case
	CreateCase(ctx context.Context, c *domain.Case) error
	FindCases(ctx context.Context, f domain.CaseFilter, p domain.Page) ([]domain.Case, int, error)
	FindCaseByID(ctx context.Context, id int64) (domain.Case, error)
	// timeline
	FindCaseTimeline(ctx context.Context, caseID int64) ([]domain.TimelineEntry, error)
	// feedback
	OpenFeedbackRound(ctx context.Context, regisseurID int64, deadline time.Time, raters []domain.NewRater) (domain.FeedbackRound, []domain.RaterLink, error)
	AddRaters(ctx context.Context, roundID int64, raters []domain.NewRater) (domain.FeedbackRound, []domain.RaterLink, error)
	ExtendFeedbackRound(ctx context.Context, roundID int64, deadline time.Time, remind func(domain.RaterReminder) domain.Mail) (domain.FeedbackRound, error)
	CloseFeedbackRound(ctx context.Context, roundID int64) (domain.FeedbackRound, error)
	FindFeedbackRound(ctx context.Context, id int64) (domain.FeedbackRound, error)
	FindFeedbackRounds(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.FeedbackRound, int, error)
	FindKnownRaters(ctx context.Context, regisseurID int64) ([]domain.User, error)
	MailRaterLinks(ctx context.Context, roundID int64, links []domain.RaterLinkMail) error
	// outbox
	ClaimOutbox(ctx context.Context, n int) ([]domain.OutboxMessage, error)
	MarkOutboxSent(ctx context.Context, id int64) error
	MarkOutboxFailed(ctx context.Context, id int64, reason string) error
	FindOutboxMessages(ctx context.Context, f domain.OutboxFilter, p domain.Page) ([]domain.OutboxMessage, int, error)
	FindOutboxMessage(ctx context.Context, id int64) (domain.OutboxMessage, error)
	OutboxStats(ctx context.Context) (domain.OutboxStats, error)
	StripOutbox(ctx context.Context, now time.Time) (int, error)
	MailVoiceLinks(ctx context.Context, caseID int64, links []domain.VoiceLinkMail) error
	// password reset
	RequestPasswordReset(ctx context.Context, email, clientIP string, tokenHash []byte, m domain.Mail) error
	CheckPasswordReset(ctx context.Context, token string) error
	ResetPassword(ctx context.Context, token, password string) error
	// goal
	FindDevelopmentGoals(ctx context.Context, regisseurID int64) ([]domain.DevelopmentGoal, error)
	FindGoalSummaries(ctx context.Context, regisseurID int64) ([]domain.DevelopmentGoal, error)
	CreateDevelopmentGoal(ctx context.Context, g *domain.DevelopmentGoal) error
	UpdateDevelopmentGoal(ctx context.Context, id int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error)
	UpdateRegisseurGoal(ctx context.Context, regisseurID, id int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error)
	// idempotency
	ClaimIdempotencyKey(ctx context.Context, key string, requestHash []byte) (domain.IdempotencyClaim, error)
	FinishIdempotencyKey(ctx context.Context, id int64, ans domain.IdempotentAnswer) error
	// instrument
	FindInstruments(ctx context.Context) ([]assessment.StoredInstrument, error)
	FindInstrumentByID(ctx context.Context, id int64) (assessment.StoredInstrument, error)
	MatchingPolicy(ctx context.Context) (assessment.Policy, error)
	// intervisie
	FindThemes(ctx context.Context, p domain.Page) ([]domain.Theme, int, error)
	CreateTheme(ctx context.Context, name string) (domain.Theme, error)
	CreateIntervisie(ctx context.Context, s *domain.Intervisie) error
	FindIntervisies(ctx context.Context, p domain.Page) ([]domain.Intervisie, int, error)
	FindIntervisie(ctx context.Context, id int64) (domain.Intervisie, error)
	FindAttendance(ctx context.Context, regisseurIDs []int64) ([]domain.Attendance, error)
	// matching
	MatchingCase(ctx context.Context, c domain.Case) (matching.Case, error)
	WaitingMatchingCases(ctx context.Context, ids []int64) ([]domain.Case, []matching.Case, error)
	MatchingMembers(ctx context.Context, minRaters int, caseID *int64) ([]matching.Member, map[string]float64, map[string]string, error)
	// member
	FindPoolMembers(ctx context.Context, f domain.MemberFilter, p domain.Page) ([]domain.Membership, int, error)
	CasesHandled(ctx context.Context, regisseurIDs []int64) (map[int64]int, error)
	FindMembership(ctx context.Context, id int64) (domain.Membership, error)
	FindMemberLeave(ctx context.Context, ids []int64) (map[int64][]domain.Unavailability, error)
	UpdateCapacity(ctx context.Context, id int64, u domain.CapacityUpdate) (domain.Membership, error)
	AddUnavailability(ctx context.Context, id int64, u domain.Unavailability) (domain.Membership, error)
	// monitoring
	MonitoringFigures(ctx context.Context, from, to time.Time, municipalityID *int64) (report.Monitoring, error)
	MonitoringFiguresFor(ctx context.Context, f domain.MonitoringFilter) (report.Monitoring, error)
	MonitoringFiguresPerQuarter(ctx context.Context, f domain.MonitoringFilter) (report.Monitoring, []report.Monitoring, error)
	MonitoringCases(ctx context.Context, f domain.MonitoringFilter, kinds []string) ([]domain.MonitoredCase, error)
	// monitoring about people (questions 2, 3, 6, 9, 10)
	MonitoringCaseLeans(ctx context.Context, f domain.MonitoringFilter) ([][]string, error)
	MonitoringMemberScores(ctx context.Context, f domain.MonitoringFilter, minRaters int) ([]map[string]float64, error)
	MonitoringRoundScores(ctx context.Context, f domain.MonitoringFilter, minRaters int) (map[int64][]assessment.RoundScores, error)
	MonitoringReflections(ctx context.Context, f domain.MonitoringFilter) ([]domain.MonitoringReflection, error)
	MonitoringPreSelections(ctx context.Context, f domain.MonitoringFilter) (map[int64][]string, error)
	MonitoringGoals(ctx context.Context, f domain.MonitoringFilter) ([]domain.MonitoringGoal, error)
	MonitoringAttendance(ctx context.Context, f domain.MonitoringFilter) (map[int64]int, error)
	// monitoring_snapshot
	FindMonitoringSnapshot(ctx context.Context, k domain.MonitoringReportKey, asked bool) (domain.MonitoringSnapshot, bool, error)
	SaveMonitoringSnapshot(ctx context.Context, s domain.MonitoringSnapshot) error
	DeleteMonitoringSnapshot(ctx context.Context, k domain.MonitoringReportKey) error
	DueMonitoringSnapshots(ctx context.Context, forgetBefore, requestedSince, computedBefore time.Time) ([]domain.MonitoringReportKey, error)
	WithMonitoringRefreshLock(ctx context.Context, fn func(context.Context) error) (bool, error)
	WithMonitoringReportLock(ctx context.Context, k domain.MonitoringReportKey, fn func(context.Context) error) error
	// monitoring_cases
	FindStudyCases(ctx context.Context, f domain.MonitoringFilter, p *domain.Page) ([]domain.StudySource, int, error)
	// offer
	OfferCase(ctx context.Context, caseID, regisseurID int64, deadline time.Time, notify ...domain.Mail) (domain.Case, error)
	AcceptOffer(ctx context.Context, id int64) (domain.Offer, error)
	DeclineOffer(ctx context.Context, id int64, reason string) (domain.Offer, error)
	FindOfferByID(ctx context.Context, id int64) (domain.Offer, error)
	FindOpenOffers(ctx context.Context, p domain.Page) ([]domain.Offer, int, error)
	// organisation
	CreateMunicipality(ctx context.Context, m *domain.Municipality) error
	UpdateMunicipality(ctx context.Context, m *domain.Municipality) error
	FindMunicipalityByID(ctx context.Context, id int64) (domain.Municipality, error)
	FindMunicipalities(ctx context.Context, p domain.Page) ([]domain.Municipality, int, error)
	CreateOrganisation(ctx context.Context, o *domain.Organisation) error
	UpdateOrganisation(ctx context.Context, o *domain.Organisation) error
	FindOrganisationByID(ctx context.Context, id int64) (domain.Organisation, error)
	FindOrganisations(ctx context.Context, p domain.Page) ([]domain.Organisation, int, error)
	// pool
	CreatePoolRound(ctx context.Context, name string, orgs []domain.RoundOrganisation) (domain.PoolRound, error)
	FindPoolRounds(ctx context.Context, p domain.Page) ([]domain.PoolRound, int, error)
	FindPoolRound(ctx context.Context, id int64) (domain.PoolRound, error)
	Nominate(ctx context.Context, n domain.Nomination) (domain.Membership, error)
	MoveMembership(ctx context.Context, id int64, to domain.MembershipStatus, opt domain.TransitionOptions, notify ...domain.Mail) (domain.Membership, error)
	// preselection
	RecordPreSelection(ctx context.Context, membershipID int64, p domain.PreSelection, report []byte, filename string) (domain.PreSelection, error)
	FindPreSelection(ctx context.Context, membershipID int64) (domain.PreSelection, error)
	FindPreSelectionOutcomes(ctx context.Context, ids []int64) (map[int64]string, error)
	PreSelectionReport(ctx context.Context, membershipID int64) ([]byte, string, error)
	// proposal
	ProposeFeedbackRound(ctx context.Context, regisseurID int64, deadline time.Time, raters []domain.NewRater) (domain.FeedbackRound, error)
	ApproveFeedbackRound(ctx context.Context, roundID int64, mails ...domain.Mail) (domain.FeedbackRound, []domain.RaterLink, error)
	// reflection
	FindCoacheeIDs(ctx context.Context) ([]int64, error)
	CreateReflection(ctx context.Context, r *domain.Reflection, share bool) error
	ShareReflection(ctx context.Context, id int64, share bool) error
	CountUnansweredReflections(ctx context.Context) (map[int64]int, error)
	FindReflections(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.Reflection, int, error)
	ReplyToReflection(ctx context.Context, id int64, body string) (domain.Reply, error)
	// questionnaire
	IssueVoiceLinks(ctx context.Context, caseID int64, r domain.VoiceRequest) ([]domain.VoiceLink, error)
	VoiceInvite(ctx context.Context, token string) (*domain.Actor, domain.VoiceInvite, error)
	AnswerVoice(ctx context.Context, ans domain.VoiceAnswer) error
	FindCaseVoice(ctx context.Context, caseID int64) ([]domain.VoiceTally, []domain.VoiceAnswer, error)
	VoiceAcrossCases(ctx context.Context, f domain.VoiceFilter) ([]domain.VoiceTally, []domain.VoiceAnswer, error)
	// regisseur
	CreateRegisseur(ctx context.Context, r *domain.Regisseur) error
	FindRegisseurByID(ctx context.Context, id int64) (domain.Regisseur, error)
	FindRegisseurs(ctx context.Context, p domain.Page) ([]domain.Regisseur, int, error)
	// export
	FindHandledCases(ctx context.Context, regisseurID int64) ([]domain.HandledCase, error)
	AuditExport(ctx context.Context) error
	// retention
	RunRetention(ctx context.Context, policy domain.RetentionPolicy, now time.Time, dryRun, daily bool) (domain.RetentionRun, error)
	// results
	FindAssessmentData(ctx context.Context, regisseurID int64) (assessment.History, error)
	// selfassessment
	FindSelfAssessments(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.SelfAssessment, int, error)
	DraftSelfAssessment(ctx context.Context, regisseurID int64) (domain.SelfAssessment, error)
	SaveSelfAssessment(ctx context.Context, id int64, answers map[string]domain.Answer, submit bool) (domain.SelfAssessment, error)
	// session
	Authenticate(ctx context.Context, email, password, clientIP string) (int64, error)
	CreateSession(ctx context.Context, userID int64) (string, error)
	SessionActor(ctx context.Context, token string) (*domain.Actor, error)
	// Second factor and identity providers (sign-in).
	LoginStage(ctx context.Context, userID int64) (domain.SessionStage, error)
	CreateLoginSession(ctx context.Context, userID int64, stage domain.SessionStage, detail map[string]any) (string, error)
	CheckSecondFactor(ctx context.Context, userID int64, code, clientIP string) error
	PromoteSession(ctx context.Context, token string, amr []string) (string, error)
	SecondFactorStatus(ctx context.Context) (domain.SecondFactor, error)
	PendingTOTPSecret(ctx context.Context) (secret, email string, err error)
	ConfirmTOTP(ctx context.Context, code string) ([]string, error)
	ResetSecondFactor(ctx context.Context, userID int64) error
	CreateOIDCLogin(ctx context.Context, stateHash, browserHash []byte, provider string, l domain.OIDCLogin) error
	UseOIDCLogin(ctx context.Context, stateHash, browserHash []byte, provider string) (domain.OIDCLogin, error)
	FindOIDCAccount(ctx context.Context, issuer, subject string) (domain.OIDCAccount, error)
	LinkInvitedAccount(ctx context.Context, id domain.OIDCIdentity, provider string, organisationID *int64) (int64, error)
	ProvisionOIDCAccount(ctx context.Context, id domain.OIDCIdentity, provider string, organisationID *int64) (int64, error)
	DeleteSession(ctx context.Context, token string) error
	EndCredentials(ctx context.Context) error
	ChangeOwnPassword(ctx context.Context, current, next string) error
	// user
	FindUserByID(ctx context.Context, id int64) (domain.User, error)
	FindUsers(ctx context.Context, p domain.Page) ([]domain.User, int, error)
	CreateUser(ctx context.Context, u *domain.User, password string) error
	UpdateUser(ctx context.Context, id int64, upd domain.UserUpdate) (domain.User, error)
}
