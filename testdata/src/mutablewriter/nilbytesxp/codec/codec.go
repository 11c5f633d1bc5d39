// Package codec renders API values; its functions' results say, through
// the effects model's summaries, which bytes are empty with an error.
package codec

import (
	"encoding/json"
	"errors"
)

// Render returns nil bytes with every error.
func Render(v any) ([]byte, error) {
	if v == nil {
		return nil, errors.New("nothing to render")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// RenderText returns an empty string with every error.
func RenderText(v any) (string, error) {
	b, err := Render(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// RenderOrEmptyObject returns "{}" with an error: bytes that are not
// empty.
func RenderOrEmptyObject(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("{}"), err
	}
	return b, nil
}

// RenderVia returns another function's results: nothing is proven.
func RenderVia(v any) ([]byte, error) {
	return Render(v)
}
