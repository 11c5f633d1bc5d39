// Package handlers is a stub of github.com/gorilla/handlers.
package handlers

import "net/http"

type CORSOption func(*cors) error

type cors struct{}

func CORS(opts ...CORSOption) func(http.Handler) http.Handler { return nil }
func AllowedOrigins(origins []string) CORSOption              { return nil }
func AllowedMethods(methods []string) CORSOption              { return nil }
func AllowedHeaders(headers []string) CORSOption              { return nil }
