// Package httpproxy is a stub of golang.org/x/net/http/httpproxy.
package httpproxy

import "os"

type Config struct {
	HTTPProxy  string
	HTTPSProxy string
	NoProxy    string
	CGI        bool
}

// FromEnvironment returns a Config from HTTP_PROXY, HTTPS_PROXY and NO_PROXY.
func FromEnvironment() *Config {
	return &Config{
		HTTPProxy:  os.Getenv("HTTP_PROXY"),
		HTTPSProxy: os.Getenv("HTTPS_PROXY"),
		NoProxy:    os.Getenv("NO_PROXY"),
		CGI:        os.Getenv("REQUEST_METHOD") != "",
	}
}
