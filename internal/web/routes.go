package web

import (
	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// This file lists every page of the HTML side: its template, its menu item
// and its routes. To add a page: add its template name to pageNames, its menu
// item (if any) to navItems, and its routes to Register; write the handler
// beside the pages of the same kind (case_*.go, pool_*.go, …).

// pageNames lists every page template (templates/pages/<name>.html); New
// fails when pages/ holds a file that is not listed here, or the other way
// round.
var pageNames = []string{
	"home", "error", "login", "account", "record_access",
	"login_code", "account_mfa",
	"admin_organisations", "admin_municipalities", "admin_users", "admin_user",
	"admin_outbox", "admin_outbox_message", "password_forgot", "password_reset",
	"assess_form", "assess_message", "assess_results", "assess_requests", "assess_development", "assess_round", "assess_links",
	"case_list", "case_new", "case_show", "case_proposal", "case_proposal_result", "case_voice_links", "voice_form",
	"offer_list", "offer_show",
	"dispatch_inbox",
	"coach_dashboard", "coach_intervisies", "coach_intervisie", "coach_intervisie_new",
	"coach_reflections", "coach_shared_reflections", "coach_plan",
	"pool_overview", "pool_nominate", "pool_member", "pool_rounds",
	"report_monitoring",
	"monitoring_cases",
}

// navItem is one entry of the main menu, shown to actors with its permission.
type navItem struct {
	href, label string
	perm        domain.Permission
}

// navItems is the main menu in its order (after "Start").
var navItems = []navItem{
	{adminOrganisationsPath, "Organisaties", domain.PermManageOrganisation},
	{adminMunicipalitiesPath, "Gemeenten", domain.PermManageOrganisation},
	{adminUsersPath, "Gebruikers", domain.PermManageUsers},
	{adminOutboxPath, "Berichten", domain.PermReadOutbox},
	{selfPath, "Zelfbeoordeling", domain.PermSelfAssess},
	{myResultsPath, "Mijn resultaten", domain.PermSelfAssess},
	{feedbackPath, "Feedback geven", domain.PermRate},
	{inboxPath, "Werkvoorraad", domain.PermDispatch},
	{casesPath, "Casussen", domain.PermReadCases},
	{offersPath, "Aanbiedingen", domain.PermReadCases},
	{coachPath, "Begeleiding", domain.PermCoach},
	{intervisiePath, "Intervisie", domain.PermCoach},
	{reflectionsPath, "Reflecties", domain.PermReflect},
	{poolPath, "Pool", domain.PermReadPool},
	{"/monitoring", "Monitoring", domain.PermMonitoring},
	{monitoringCasesPath, "Dossierstudie", domain.PermMonitoring},
}

// Register mounts every page route on r. Each route is gated by a
// permission (p.require); the application layer checks role and scope
// again on every call (out of scope is 404).
func (p *Pages) Register(r *gin.Engine) {
	r.GET("/static/*filepath", p.handleStatic)
	r.GET("/", p.withUser, p.wrap(p.handleHome))
	r.GET("/inloggen", p.withUser, p.wrap(p.handleLoginForm))
	r.POST("/inloggen", p.wrap(p.handleLogin))
	r.POST("/uitloggen", p.wrap(p.handleLogout))
	r.POST("/overal-uitloggen", p.require(domain.PermSignedIn), p.wrap(p.handleLogoutEverywhere))
	r.GET(accountPath, p.require(domain.PermSignedIn), p.withUser, p.wrap(p.handleAccount))
	r.POST(accountPath, p.require(domain.PermSignedIn), p.withUser, p.wrap(p.handleAccountPassword))
	// Sign-in: the second factor (signin_mfa.go). The half-way session of
	// a log-in reaches only these (StageGate); the handlers check the stage.
	r.GET(loginCodePath, p.wrap(p.handleLoginCodeForm))
	r.POST(loginCodePath, p.wrap(p.handleLoginCode))
	r.GET(mfaPath, p.withUser, p.wrap(p.handleMFA))
	r.POST(mfaPath, p.withUser, p.wrap(p.handleMFAConfirm))
	// Sign-in through an organisation's identity provider (signin_oidc.go);
	// the return path is app.OIDCCallbackPath.
	r.POST(oidcPath+":provider", p.wrap(p.handleOIDCStart))
	r.GET(oidcPath+":provider/terug", p.wrap(p.handleOIDCReturn))
	r.GET(myAccessPath, p.require(domain.PermSignedIn), p.wrap(p.handleMyRecordAccess))
	r.GET(myDataPath, p.require(domain.PermSignedIn), p.wrap(p.handleMyData))
	r.GET("/regisseurs/:id/inzage", p.require(domain.PermReadAudit), p.wrap(p.handleRecordAccess))
	r.GET(passwordForgotPath, p.withUser, p.wrap(p.handlePasswordForgotForm))
	r.POST(passwordForgotPath, p.wrap(p.handlePasswordForgot))
	r.GET(passwordResetPath+":token", p.guardLink, p.withUser, p.wrap(p.handlePasswordResetForm))
	r.POST(passwordResetPath+":token", p.guardLink, p.withUser, p.wrap(p.handlePasswordReset))

	// Management: organisations, municipalities, users.
	manageOrgs := p.require(domain.PermManageOrganisation)
	r.GET(adminOrganisationsPath, manageOrgs, p.wrap(p.handleAdminOrganisations))
	r.POST(adminOrganisationsPath, manageOrgs, p.wrap(p.handleAdminOrganisationCreate))
	r.GET(adminMunicipalitiesPath, manageOrgs, p.wrap(p.handleAdminMunicipalities))
	r.POST(adminMunicipalitiesPath, manageOrgs, p.wrap(p.handleAdminMunicipalityCreate))
	manageUsers := p.require(domain.PermManageUsers)
	r.GET(adminUsersPath, manageUsers, p.wrap(p.handleAdminUsers))
	r.POST(adminUsersPath, manageUsers, p.wrap(p.handleAdminUserCreate))
	r.GET(adminUsersPath+"/:id", manageUsers, p.wrap(p.handleAdminUser))
	r.POST(adminUsersPath+"/:id", manageUsers, p.wrap(p.handleAdminUserUpdate))
	r.POST(adminUsersPath+"/:id/blokkeren", manageUsers, p.wrap(p.handleAdminUserBlock(true)))
	r.POST(adminUsersPath+"/:id/deblokkeren", manageUsers, p.wrap(p.handleAdminUserBlock(false)))
	r.POST(adminUsersPath+"/:id/tweestapsverificatie-herstellen", manageUsers, p.wrap(p.handleAdminUserResetMFA))
	readOutbox := p.require(domain.PermReadOutbox)
	r.GET(adminOutboxPath, readOutbox, p.wrap(p.handleOutbox))
	r.GET(adminOutboxPath+"/:id", readOutbox, p.wrap(p.handleOutboxMessage))

	// Assessment: the regisseur's own self-assessment and results.
	self := p.require(domain.PermSelfAssess)
	r.GET(selfPath, self, p.wrap(p.handleSelfAssessment))
	r.POST(selfPath, self, p.wrap(p.handleSelfAssessmentSave))
	r.GET(myResultsPath, self, p.wrap(p.handleMyResults))
	r.POST(myResultsPath+"/feedbackronde", self, p.wrap(p.handleRoundProposal))
	// Any user who was asked to rate a regisseur (not a monitor: PermRate).
	rate := p.require(domain.PermRate)
	r.GET(feedbackPath, rate, p.wrap(p.handleFeedbackRequests))
	r.GET(feedbackPath+"/:id", rate, p.wrap(p.handleFeedbackRequest))
	r.POST(feedbackPath+"/:id", rate, p.wrap(p.handleFeedbackAnswer))
	// Coaches (for their coachees) and admins run the 360 rounds.
	manageFeedback := p.require(domain.PermManageFeedback)
	r.GET("/regisseurs/:id/ontwikkeling", manageFeedback, p.wrap(p.handleDevelopment))
	r.POST("/regisseurs/:id/feedbackrondes", manageFeedback, p.wrap(p.handleRoundOpen))
	r.GET(roundsPath+":id", manageFeedback, p.wrap(p.handleRound))
	r.POST(roundsPath+":id/beoordelaars", manageFeedback, p.wrap(p.handleRoundAddRaters))
	r.POST(roundsPath+":id/deadline", manageFeedback, p.wrap(p.handleRoundExtend))
	r.POST(roundsPath+":id/sluiten", manageFeedback, p.wrap(p.handleRoundClose))
	r.POST(roundsPath+":id/goedkeuren", manageFeedback, p.wrap(p.handleRoundApprove))
	r.POST(roundsPath+":id/links-mailen", manageFeedback, p.wrap(p.handleRoundMailLinks))
	// External raters, without an account: the single-use link is the key.
	// The access log names only the route template, so the token in the
	// path is never logged.
	r.GET(externalPath+":token", p.guardLink, p.withUser, p.wrap(p.handleExternalForm))
	r.POST(externalPath+":token", p.guardLink, p.withUser, p.wrap(p.handleExternalAnswer))

	// Cases: list, intake, the batch proposal, one case with its candidates.
	readCases := p.require(domain.PermReadCases)
	dispatch := p.require(domain.PermDispatch)
	r.GET(inboxPath, dispatch, p.wrap(p.handleInbox))
	r.GET(casesPath, readCases, p.wrap(p.handleCases))
	r.GET(caseNewPath, dispatch, p.wrap(p.handleCaseForm))
	r.POST(caseNewPath, dispatch, p.wrap(p.handleCaseCreate))
	r.GET(caseProposalPath, dispatch, p.wrap(p.handleCaseProposal))
	r.POST(caseProposalPath, dispatch, p.wrap(p.handleCaseProposalCommit))
	r.GET(casesPath+"/:id", readCases, p.wrap(p.handleCase))
	r.POST(casesPath+"/:id/logboek", readCases, p.wrap(p.handleCaseEvent))
	r.POST(casesPath+"/:id/beoordeling", readCases, p.wrap(p.handleCaseReassess))
	r.POST(casesPath+"/:id/toewijzen", dispatch, p.wrap(p.handleCaseAssign))
	r.POST(casesPath+"/:id/overdragen", dispatch, p.wrap(p.handleCaseHandover))
	r.POST(casesPath+"/:id/afsluiten", dispatch, p.wrap(p.handleCaseClose))
	// The family's and the parties' voice: links made on the case's page,
	// the questionnaire without an account at its single-use link.
	r.POST(casesPath+"/:id/vragenlijsten", readCases, p.wrap(p.handleCaseVoiceIssue))
	r.POST(casesPath+"/:id/vragenlijsten/mailen", readCases, p.wrap(p.handleCaseVoiceMail))
	r.GET(voicePath+":token", p.guardLink, p.withUser, p.wrap(p.handleVoiceForm))
	r.POST(voicePath+":token", p.guardLink, p.withUser, p.wrap(p.handleVoiceAnswer))
	r.POST(casesPath+"/:id/aanbieden", dispatch, p.wrap(p.handleCaseOffer))
	// Offers: the open offers in scope; the regisseur answers their own.
	r.GET(offersPath, readCases, p.wrap(p.handleOffers))
	r.GET(offersPath+"/:id", readCases, p.wrap(p.handleOffer))
	answer := p.require(domain.PermAnswerOffer)
	r.POST(offersPath+"/:id/aannemen", answer, p.wrap(p.handleOfferAccept))
	r.POST(offersPath+"/:id/afwijzen", answer, p.wrap(p.handleOfferDecline))

	// Coaching: the coach dashboard, intervisie, reflections, plans.
	coach := p.require(domain.PermCoach)
	r.GET(coachPath, coach, p.wrap(p.handleCoachDashboard))
	r.GET(intervisiePath, coach, p.wrap(p.handleIntervisies))
	r.GET(intervisieNewPath, coach, p.wrap(p.handleIntervisieForm))
	r.POST(intervisieNewPath, coach, p.wrap(p.handleIntervisieCreate))
	r.GET(intervisiePath+"/:id", coach, p.wrap(p.handleIntervisie))
	reflectLog := p.require(domain.PermReflect)
	r.GET(reflectionsPath, reflectLog, p.wrap(p.handleReflections))
	r.POST(reflectionsPath, reflectLog, p.wrap(p.handleReflectionCreate))
	r.POST(reflectionsPath+"/:id/delen", reflectLog, p.wrap(p.handleReflectionShare))
	r.GET("/regisseurs/:id/reflecties", coach, p.wrap(p.handleSharedReflections))
	r.POST(reflectionsPath+"/:id/antwoord", coach, p.wrap(p.handleReflectionReply))
	r.GET("/regisseurs/:id/ontwikkelplan", p.require(domain.PermReadDevelopment), p.wrap(p.handlePlan))
	r.POST("/regisseurs/:id/ontwikkelplan", coach, p.wrap(p.handleGoalCreate))
	r.POST(goalsPath+":id", coach, p.wrap(p.handleGoalUpdate))

	// Pool: overview, members, nominations, rounds.
	readPool := p.require(domain.PermReadPool)
	decide := p.require(domain.PermDecidePool)
	r.GET(poolPath, readPool, p.wrap(p.handlePoolOverview))
	r.GET(poolMembersPath+":id", readPool, p.wrap(p.handlePoolMember))
	r.GET(poolMembersPath+":id/rapport", p.require(domain.PermReadPreSelection), p.wrap(p.handlePoolReport))
	r.POST(poolMembersPath+":id/voorselectie", decide, p.wrap(p.handlePoolPreSelection))
	r.POST(poolMembersPath+":id/status", p.require(domain.PermMoveMember), p.wrap(p.handlePoolMove))
	r.POST(poolMembersPath+":id/capaciteit", decide, p.wrap(p.handlePoolCapacity))
	r.POST(poolMembersPath+":id/afwezigheid", decide, p.wrap(p.handlePoolLeave))
	nominate := p.require(domain.PermNominate)
	r.GET(poolNominatePath, nominate, p.wrap(p.handlePoolNominateForm))
	r.POST(poolNominatePath, nominate, p.wrap(p.handlePoolNominate))
	managePool := p.require(domain.PermManagePool)
	r.GET(poolRoundsPath, managePool, p.wrap(p.handlePoolRounds))
	r.POST(poolRoundsPath, managePool, p.wrap(p.handlePoolRoundCreate))

	// Reports.
	r.GET("/regisseurs/:id/ontwikkelrapport", p.require(domain.PermReadDevelopment), p.wrap(p.handleDevelopmentPDF))
	r.GET("/pool/rapport", p.require(domain.PermPoolReport), p.wrap(p.handlePoolPDF))
	monitoring := p.require(domain.PermMonitoring)
	r.GET("/monitoring", monitoring, p.wrap(p.handleMonitoring))
	r.GET("/monitoring/rapport", monitoring, p.wrap(p.handleMonitoringPDF))
	r.GET("/monitoring/export", monitoring, p.wrap(p.handleMonitoringCSV))
	r.GET(monitoringCasesPath, monitoring, p.wrap(p.handleMonitoringCases))
	r.GET(monitoringCasesPath+"/export", monitoring, p.wrap(p.handleMonitoringCasesCSV))
}
