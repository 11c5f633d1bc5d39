// Package platform is the company's wrapper around the edge SDKs.
package platform

import (
	"context"
	"net/http"
)

// Run serves h on the platform.
func Run(ctx context.Context, h http.Handler) {}
