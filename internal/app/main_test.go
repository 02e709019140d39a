package app

import (
	"testing"

	"regiepool/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
