package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/problem"
)

// Body limits. Text bodies (JSON, forms) are small by nature; only the
// pre-selection report is a file (5 MiB, as a raw PDF on the API and in one
// multipart form on the pages).
const (
	maxTextBody   = 1 << 20
	maxUploadBody = domain.MaxReportSize + 64<<10
)

// uploadRoutes may receive multipart forms; everywhere else a multipart body
// is refused before anything of it is read or written to disk.
var uploadRoutes = map[string]bool{
	"/pool/leden/:id/voorselectie": true,
}

// checkInput is the one place where bad input is refused before a handler
// sees it: text that is not UTF-8 or holds NUL bytes (PostgreSQL cannot store
// them) in the query, a form or a JSON body; JSON with duplicate keys or
// that is not an object; bodies over the limit (413); multipart bodies on
// routes that take no files (415). Multipart temporary files are removed
// when the request ends, whichever copy of the request parsed them.
func checkInput(refuse func(c *gin.Context, status int, text string, fields []domain.FieldError)) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if f := c.Request.MultipartForm; f != nil {
				_ = f.RemoveAll()
			}
		}()
		if fe := checkQuery(c.Request.URL.RawQuery); fe != nil {
			refuse(c, http.StatusBadRequest, "Het adres bevat ongeldige tekens.", fe)
			return
		}
		if c.Request.Body == nil || c.Request.Body == http.NoBody || c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			c.Next()
			return
		}
		mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
		switch mt {
		case "multipart/form-data":
			if !uploadRoutes[c.FullPath()] {
				refuse(c, http.StatusUnsupportedMediaType, "Hier kunnen geen bestanden worden verstuurd.", nil)
				return
			}
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUploadBody)
			c.Next()
			return
		case "application/pdf":
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUploadBody)
			c.Next()
			return
		}
		body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxTextBody+1))
		if err != nil {
			refuse(c, http.StatusBadRequest, "De gegevens konden niet worden gelezen.", nil)
			return
		}
		if len(body) > maxTextBody {
			refuse(c, http.StatusRequestEntityTooLarge, "De gegevens zijn te groot (hoogstens 1 MB).", nil)
			return
		}
		c.Request.Body = io.NopCloser(bytes.NewReader(body))
		var fe []domain.FieldError
		var msg string
		switch mt {
		case "application/json":
			fe, msg = checkJSON(body)
		case "application/x-www-form-urlencoded":
			fe = checkQuery(string(body))
			msg = "Het formulier bevat ongeldige tekens."
		}
		if fe != nil {
			refuse(c, http.StatusBadRequest, msg, fe)
			return
		}
		c.Next()
	}
}

// checkQuery checks an URL-encoded query or form: well-formed escapes, UTF-8
// and no NUL bytes in names and values.
func checkQuery(raw string) []domain.FieldError {
	if raw == "" {
		return nil
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return []domain.FieldError{{Name: "query", Code: "encoding", Reason: "De invoer is niet goed gecodeerd."}}
	}
	var fe []domain.FieldError
	for k, vs := range values {
		name := k
		if !goodText(k) {
			name = "?"
		}
		for _, v := range vs {
			if !goodText(k) || !goodText(v) {
				fe = append(fe, badText(name))
				break
			}
		}
	}
	return fe
}

func goodText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func badText(name string) domain.FieldError {
	return domain.FieldError{Name: name, Code: "text", Reason: "Deze tekst bevat tekens die niet zijn toegestaan (ongeldige UTF-8 of een NUL-teken)."}
}

// checkJSON checks a JSON body: UTF-8, an object at the top, no NUL in
// strings, no key twice in one object. Syntax errors are left to the
// handler, which explains them.
func checkJSON(body []byte) ([]domain.FieldError, string) {
	if !utf8.Valid(body) {
		return []domain.FieldError{{Name: "body", Code: "encoding", Reason: "De body is geen geldige UTF-8."}}, "De body bevat ongeldige tekens."
	}
	if !json.Valid(body) {
		return nil, ""
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return []domain.FieldError{{Name: "body", Code: "type", Reason: "Stuur een JSON-object ({…})."}}, "De body moet een JSON-object zijn."
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	fe, err := walkJSON(dec, "")
	if err != nil {
		return nil, ""
	}
	return fe, "De body bevat ongeldige waarden."
}

// walkJSON reads one value from dec; path names it in field errors.
func walkJSON(dec *json.Decoder, path string) ([]domain.FieldError, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	var fe []domain.FieldError
	switch t := tok.(type) {
	case string:
		if strings.ContainsRune(t, 0) {
			fe = append(fe, badText(path))
		}
	case json.Delim:
		switch t {
		case '{':
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				child := key
				if path != "" {
					child = path + "." + key
				}
				if seen[key] {
					fe = append(fe, domain.FieldError{Name: child, Code: "duplicate", Reason: "Dit veld staat meer dan eens in de body."})
				}
				seen[key] = true
				if strings.ContainsRune(key, 0) {
					fe = append(fe, badText(path))
				}
				sub, err := walkJSON(dec, child)
				if err != nil {
					return nil, err
				}
				fe = append(fe, sub...)
			}
		case '[':
			for i := 0; dec.More(); i++ {
				sub, err := walkJSON(dec, path+"["+strconv.Itoa(i)+"]")
				if err != nil {
					return nil, err
				}
				fe = append(fe, sub...)
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	}
	return fe, nil
}

// refuseInput answers refused input: problem+json with invalidParams on the
// API, a readable Dutch page elsewhere.
func refuseInput(page func(c *gin.Context, status int, text string)) func(c *gin.Context, status int, text string, fields []domain.FieldError) {
	return func(c *gin.Context, status int, text string, fields []domain.FieldError) {
		if isAPI(c.Request.URL.Path) {
			p := problem.New(status, text)
			p.InvalidParams = fields
			c.Header("Content-Type", problem.ContentType)
			c.AbortWithStatusJSON(status, p)
			return
		}
		c.Abort()
		page(c, status, text)
	}
}
