package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// The pages of the second factor: the code asked after the password, and
// setting up an authenticator (any password account; admins must).
const (
	loginCodePath = "/inloggen/code"
	mfaPath       = "/account/tweestapsverificatie"
)

// StageGate keeps a half-way session on the page that completes its
// log-in: the code page (StageOTP) or setting up a second factor
// (StageEnrol); log-out and static files stay open. Such an actor holds no
// role anyway (domain.Actor.Has); this sends the browser where it can go on.
func (p *Pages) StageGate(c *gin.Context) {
	a := domain.ActorFrom(c.Request.Context())
	path := c.Request.URL.Path
	// Starting another log-in (which ends this session) stays possible.
	if a.Kind != domain.ActorUser || a.Stage == "" || strings.HasPrefix(path, "/api/") ||
		strings.HasPrefix(path, "/static/") || path == "/uitloggen" || strings.HasPrefix(path, oidcPath) ||
		(path == "/inloggen" && c.Request.Method == http.MethodPost) {
		c.Next()
		return
	}
	target := loginCodePath
	if a.Stage == domain.StageEnrol {
		target = mfaPath
	}
	if path == target {
		c.Next()
		return
	}
	if c.Request.Method == http.MethodGet && path != "/inloggen" && localPath(c.Request.URL.RequestURI()) {
		target += "?terug=" + url.QueryEscape(c.Request.URL.RequestURI())
	} else if back := c.Query("terug"); back != "" && localPath(back) {
		target += "?terug=" + url.QueryEscape(back)
	}
	c.Redirect(http.StatusSeeOther, target)
	c.Abort()
}

func (p *Pages) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.SessionCookieName(p.SecureCookies), Value: token, Path: "/",
		MaxAge:   int(domain.SessionAbsoluteTimeout / time.Second),
		HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

type loginCodePage struct {
	BasePage
	Form form
	Back string
}

func loginCodeForm() form {
	return form{Action: loginCodePath, Fields: []formField{
		{Name: "otp", Label: "Code", Kind: "text", Required: true, Autocomplete: "one-time-code",
			Description: "De code van 6 cijfers uit uw authenticator-app. Geen telefoon bij de hand? Vul dan een van uw herstelcodes in."},
	}}
}

func (p *Pages) showLoginCode(c *gin.Context, status int, f form, back string) error {
	p.render(c, status, "login_code", loginCodePage{BasePage: p.base(c, formTitle("Inloggen: code", f)), Form: f, Back: back})
	return nil
}

// codeAsked reports whether the request comes from a half-way session
// that owes its second factor; otherwise it sends the browser on: to the
// start page when signed in, to the log-in page when not.
func (p *Pages) codeAsked(c *gin.Context) bool {
	a := domain.ActorFrom(c.Request.Context())
	switch {
	case a.Kind == domain.ActorUser && a.Stage == domain.StageOTP:
		return true
	case a.Kind == domain.ActorUser && a.Stage == "":
		c.Redirect(http.StatusSeeOther, "/")
	default:
		c.Redirect(http.StatusSeeOther, "/inloggen")
	}
	return false
}

// handleLoginCodeForm asks the second factor of a half-way session (the
// stage gate sends only those here).
func (p *Pages) handleLoginCodeForm(c *gin.Context) error {
	if !p.codeAsked(c) {
		return nil
	}
	return p.showLoginCode(c, http.StatusOK, loginCodeForm(), safeBack(c.Query("terug")))
}

// handleLoginCode checks the code and replaces the half-way session by a
// full one (a new cookie). Wrong codes are throttled like passwords.
func (p *Pages) handleLoginCode(c *gin.Context) error {
	back := safeBack(c.PostForm("terug"))
	if !p.codeAsked(c) {
		return nil
	}
	f := loginCodeForm()
	code := strings.TrimSpace(c.PostForm("otp"))
	if code == "" {
		f.addErrors(domain.FieldError{Name: "otp", Code: "required", Reason: "Vul de code uit uw authenticator-app in, of een herstelcode."})
		return p.showLoginCode(c, http.StatusBadRequest, f, back)
	}
	if p.Guard != nil {
		if ok, wait := p.Guard.Allow(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			f.addErrors(domain.FieldError{Name: "otp", Code: "throttled", Reason: "Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw."})
			return p.showLoginCode(c, http.StatusTooManyRequests, f, back)
		}
	}
	token, _ := c.Cookie(auth.SessionCookieName(p.SecureCookies))
	next, err := p.App.CompleteLogIn(c.Request.Context(), token, code)
	if err != nil {
		e, ok := domain.AsError(err)
		if !ok {
			return err
		}
		status := http.StatusBadRequest
		switch e.Code {
		case domain.ETooManyRequests:
			status = http.StatusTooManyRequests
			c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
			f.addErrors(domain.FieldError{Name: "otp", Code: "throttled", Reason: e.Message})
		case domain.EUnauthenticated:
			if len(e.Fields) == 0 { // the half-way session itself ended
				c.Redirect(http.StatusSeeOther, "/inloggen")
				return nil
			}
			f.fail(e)
		default:
			return err
		}
		return p.showLoginCode(c, status, f, back)
	}
	p.setSessionCookie(c, next)
	c.Redirect(http.StatusSeeOther, back)
	return nil
}

type mfaPage struct {
	BasePage
	Status    domain.SecondFactor
	Enrolment domain.TOTPEnrolment
	// QRCode is Enrolment.QRCode, a PNG data URI the service made itself
	// (the CSP allows img-src data:).
	QRCode template.URL
	Form   form
	// Codes are the recovery codes, shown once right after enrolment.
	Codes []string
	// Required: an admin who must set this up before going on.
	Required bool
	Back     string
}

func mfaForm() form {
	return form{Action: mfaPath, Fields: []formField{
		{Name: "code", Label: "Eerste code uit de app", Kind: "text", Required: true, Autocomplete: "one-time-code", Inputmode: "numeric",
			Description: "De code van 6 cijfers die de app nu toont."},
	}}
}

// handleMFA shows the second factor of the signed-in user: set up (with
// how many recovery codes are left), or a new authenticator to set up by QR
// code or by typing the secret.
func (p *Pages) handleMFA(c *gin.Context) error {
	return p.showMFA(c, http.StatusOK, mfaForm())
}

func (p *Pages) showMFA(c *gin.Context, status int, f form) error {
	ctx := c.Request.Context()
	if domain.ActorFrom(ctx).Kind != domain.ActorUser {
		c.Redirect(http.StatusSeeOther, "/inloggen?terug="+mfaPath)
		return nil
	}
	page := mfaPage{BasePage: p.base(c, formTitle("Tweestapsverificatie", f)), Form: f,
		Required: domain.ActorFrom(ctx).Stage == domain.StageEnrol, Back: safeBack(c.Query("terug"))}
	st, err := p.App.SecondFactor(ctx)
	if err != nil {
		return err
	}
	page.Status = st
	if !st.Enrolled {
		if page.Enrolment, err = p.App.StartTOTPEnrolment(ctx); err != nil {
			return err
		}
		page.QRCode = template.URL(page.Enrolment.QRCode) // #nosec G203 -- made by auth.TOTPQRCode, never user input
	}
	p.render(c, status, "account_mfa", page)
	return nil
}

// handleMFAConfirm confirms the new authenticator with its first code and
// shows the recovery codes once. An admin's enrolment-only session becomes
// a full one.
func (p *Pages) handleMFAConfirm(c *gin.Context) error {
	ctx := c.Request.Context()
	f := mfaForm()
	code := strings.TrimSpace(c.PostForm("code"))
	if code == "" {
		f.addErrors(domain.FieldError{Name: "code", Code: "required", Reason: "Vul de code van 6 cijfers uit de app in."})
		return p.showMFA(c, http.StatusBadRequest, f)
	}
	token, _ := c.Cookie(auth.SessionCookieName(p.SecureCookies))
	codes, next, err := p.App.ConfirmTOTP(ctx, token, code)
	if e, ok := onForm(err); ok {
		f.fail(e)
		return p.showMFA(c, formStatus(e), f)
	}
	if err != nil {
		return err
	}
	if next != "" {
		p.setSessionCookie(c, next)
	}
	page := mfaPage{BasePage: p.base(c, "Tweestapsverificatie ingesteld"), Codes: codes,
		Status: domain.SecondFactor{Enrolled: true, RecoveryCodes: len(codes)}, Back: safeBack(c.PostForm("terug"))}
	p.render(c, http.StatusOK, "account_mfa", page)
	return nil
}

const mfaResetNotice = "De tweestapsverificatie van dit account is hersteld. De gebruiker is overal uitgelogd en stelt tweestapsverificatie opnieuw in."

// handleAdminUserResetMFA removes a user's authenticator and recovery codes
// (lost phone) and ends their sessions and tokens.
func (p *Pages) handleAdminUserResetMFA(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := p.App.ResetSecondFactor(c.Request.Context(), id); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, adminUsersPath+"/"+strconv.FormatInt(id, 10)+"?tweestap=hersteld")
	return nil
}
