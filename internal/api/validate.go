package api

import (
	"errors"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	"regiepool/internal/domain"
)

var (
	validateOnce sync.Once
	validate     *validator.Validate
)

// validatorInstance returns the shared validator, which names fields by their
// JSON names so invalidParams match what the client sent.
func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		validate = validator.New(validator.WithRequiredStructEnabled())
		validate.SetTagName("binding")
		validate.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				return ""
			}
			return name
		})
	})
	return validate
}

// validateStruct checks the binding tags of v and returns every failure as
// one invalid error.
func validateStruct(v any) error {
	err := validatorInstance().Struct(v)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	fe := make([]domain.FieldError, 0, len(verrs))
	for _, e := range verrs {
		// Namespace is "request.field.sub"; drop the struct name.
		_, name, _ := strings.Cut(e.Namespace(), ".")
		fe = append(fe, domain.FieldError{Name: name, Code: e.Tag(), Reason: reason(e)})
	}
	return domain.Invalid(fe...)
}

// reason gives a Dutch explanation of one failed tag.
func reason(e validator.FieldError) string {
	switch e.Tag() {
	case "required":
		return "Dit veld is verplicht."
	case "email":
		return "Vul een geldig e-mailadres in."
	case "max":
		return "Dit veld is te lang of te groot (maximaal " + e.Param() + ")."
	case "min":
		return "Dit veld is te kort of te klein (minimaal " + e.Param() + ")."
	case "oneof":
		return "Kies een van: " + e.Param() + "."
	case "datetime":
		return "Gebruik de datumnotatie JJJJ-MM-DD."
	default:
		return "Deze waarde is ongeldig."
	}
}
