package server

// HeavyRoutes exposes the limited routes to the tests.
var HeavyRoutes = heavyRoutes
