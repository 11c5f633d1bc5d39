// Package cloudflare is a stub of github.com/syumai/workers/cloudflare.
package cloudflare

// Getenv gets a value of an environment variable binding.
func Getenv(name string) string { return "" }

// WaitUntil extends the lifetime of the request until task returns.
func WaitUntil(task func()) {}
