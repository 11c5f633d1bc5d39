// Package router is a home-grown router the model knows only through
// .routevet.yaml's registrars.
package router

import "net/http"

type Router struct{}

func (r *Router) Post(path string, h http.HandlerFunc) {}

func Handle(h http.HandlerFunc, path string) {}
