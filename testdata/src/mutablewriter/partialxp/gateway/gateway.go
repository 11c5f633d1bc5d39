// Package gateway executes a template of another package into the
// response, then replies with an error helper on the template's error.
package gateway

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"mutablewriter/partialxp/assets"
)

type Config struct{ Menu []string }

type handler struct{ config *Config }

// webError replies on every path: an HTML error page or http.Error.
func webError(w http.ResponseWriter, r *http.Request, c *Config, err error, defaultCode int) {
	code := defaultCode
	if errors.Is(err, errNotFound) {
		code = http.StatusNotFound
	}
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		_ = assets.ErrorPage.Execute(w, err.Error())
	} else {
		http.Error(w, err.Error(), code)
	}
}

var errNotFound = errors.New("not found")

func (i *handler) webError(w http.ResponseWriter, r *http.Request, err error, defaultCode int) {
	webError(w, r, i.config, err, defaultCode)
}

func (i *handler) serveListing(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Set("Content-Type", "text/html")
	if err := assets.Page.Execute(w, assets.PageData{Path: r.URL.Path}); err != nil {
		err = fmt.Errorf("failed to generate the listing: %w", err)
		i.webError(w, r, err, http.StatusInternalServerError) // want `i.webError sends a status after assets.Page.Execute failed.* \(no automatic fix: the error branch does more than reply, and would no longer run when writing the page to the client fails\)$`
		return false
	}
	return true
}

func (i *handler) serveDirect(w http.ResponseWriter, r *http.Request) bool {
	if err := assets.Page.Execute(w, assets.PageData{Path: r.URL.Path}); err != nil {
		i.webError(w, r, err, http.StatusInternalServerError) // want `i.webError sends a status after assets.Page.Execute failed.* \(no automatic fix: the error branch does more than reply, and would no longer run when writing the page to the client fails\)$`
		return false
	}
	return true
}

// serveBuffered executes the same template into a buffer first: the
// error reply is whole.
func (i *handler) serveBuffered(w http.ResponseWriter, r *http.Request) bool {
	var buf bytes.Buffer
	if err := assets.Page.Execute(&buf, assets.PageData{Path: r.URL.Path}); err != nil {
		i.webError(w, r, err, http.StatusInternalServerError)
		return false
	}
	buf.WriteTo(w)
	return true
}

func (i *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("view") {
	case "listing":
		i.serveListing(w, r)
	case "buffered":
		i.serveBuffered(w, r)
	default:
		i.serveDirect(w, r)
	}
}
