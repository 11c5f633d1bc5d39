// Package variables is a stub of github.com/spinframework/spin-go-sdk/v2/variables.
package variables

func Get(key string) (string, error) { return "", nil }
