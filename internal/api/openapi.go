package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"go.yaml.in/yaml/v3"
)

// openAPIYAML is the design-first description of the whole API; a test checks
// it against the registered routes.
//
//go:embed openapi.yaml
var openAPIYAML []byte

// OpenAPIJSON is the OpenAPI document as JSON, converted once at start.
var OpenAPIJSON = mustJSON(openAPIYAML)

func mustJSON(y []byte) []byte {
	var doc map[string]any
	if err := yaml.Unmarshal(y, &doc); err != nil {
		panic(fmt.Sprintf("openapi.yaml: %v", err))
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("openapi.yaml to JSON: %v", err))
	}
	return b
}

// serveOpenAPI publishes the document without authentication and, per the API
// Design Rules, readable from any origin.
func serveOpenAPI(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	c.Data(http.StatusOK, "application/json", OpenAPIJSON)
}
