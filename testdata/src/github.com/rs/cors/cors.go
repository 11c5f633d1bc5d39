// Package cors is a stub of github.com/rs/cors.
package cors

import "net/http"

type Options struct {
	AllowedOrigins   []string
	AllowedMethods   []string
	AllowedHeaders   []string
	AllowCredentials bool
	MaxAge           int
}

type Cors struct{}

func New(options Options) *Cors { return &Cors{} }
func Default() *Cors            { return &Cors{} }
func AllowAll() *Cors           { return &Cors{} }

func (c *Cors) Handler(h http.Handler) http.Handler                                     { return h }
func (c *Cors) HandlerFunc(w http.ResponseWriter, r *http.Request)                      {}
func (c *Cors) ServeHTTP(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {}
