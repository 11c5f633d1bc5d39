// Package helpers reads path values for handlers of other packages: its
// reads reach them through facts.
package helpers

import "net/http"

// ItemID returns the request's item id.
func ItemID(r *http.Request) string { // want ItemID:`reads\(p0=1:id\)`
	return r.PathValue("id")
}

// Tenant reads the name its caller gives.
func Tenant(r *http.Request, key string) string { // want Tenant:`reads\(p0=1:\$1\)`
	return r.PathValue(key)
}

// RouteParam returns the path value named by its caller, as real code's
// request helpers do (request.RouteInt64Param(r, "feedID")).
func RouteParam(r *http.Request, name string) string { // want RouteParam:`reads\(p0=1:\$1\)`
	return r.PathValue(name)
}
