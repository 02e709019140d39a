package web

import "github.com/gin-gonic/gin"

// registerAssessment mounts the self-assessment, 360 feedback and results
// pages.
func (p *Pages) registerAssessment(r *gin.Engine) {}
