;;; fix-lsp-mode.el --- Drives the Emacs test's lsp-mode run  -*- lexical-binding: t -*-

;; Run in batch after testdata/lsp/lsp-mode.el, in the buffer of the Go
;; file Emacs visited: start lsp-mode, wait for gopls' diagnostic (source
;; ROUTEVET_EMACS_GOPLS_SOURCE) and routevet's (ROUTEVET_EMACS_SOURCE,
;; ROUTEVET_EMACS_FINDINGS of them), apply the quick fix of the first
;; with lsp-execute-code-action at it, the rest with routevet-fix-all,
;; save and exit. Any failure exits with status 2.

(require 'cl-lib)

(defvar fix-source (or (getenv "ROUTEVET_EMACS_SOURCE") "unreadbody"))
(defvar fix-gopls-source (getenv "ROUTEVET_EMACS_GOPLS_SOURCE"))
(defvar fix-findings (string-to-number (or (getenv "ROUTEVET_EMACS_FINDINGS") "2")))
(defvar fix-timeout 240)
(defvar fix-buffer (current-buffer))

(defun say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))

(defun fail (fmt &rest args)
  (say "FAIL: %s" (apply #'format fmt args))
  (kill-emacs 2))

(defun wait-until (what pred)
  (let ((deadline (+ (float-time) fix-timeout)))
    (while (not (funcall pred))
      (when (> (float-time) deadline)
        (fail "waited %ds for %s" fix-timeout what))
      (accept-process-output nil 0.05))))

(defun diags-from (source)
  "lsp-mode's diagnostics of the buffer from SOURCE, in buffer order."
  (with-current-buffer fix-buffer
    (sort (cl-remove-if-not (lambda (d) (equal (lsp:diagnostic-source? d) source))
                            (copy-sequence (lsp--get-buffer-diagnostics)))
          (lambda (a b) (< (lsp--position-to-point (lsp:range-start (lsp:diagnostic-range a)))
                           (lsp--position-to-point (lsp:range-start (lsp:diagnostic-range b))))))))

(defun count-is (source n)
  (lambda () (= (length (diags-from source)) n)))

(defun main ()
  (with-current-buffer fix-buffer
    (lsp)
    (wait-until "gopls and routevet to start"
                (lambda () (= 2 (length (cl-remove-if-not
                                         (lambda (w) (eq (lsp--workspace-status w) 'initialized))
                                         (lsp-workspaces))))))
    (say "servers: %s, root %s"
         (mapcar (lambda (w) (lsp--client-server-id (lsp--workspace-client w))) (lsp-workspaces))
         (lsp-workspace-root))
    (wait-until (format "gopls' %s diagnostic" fix-gopls-source)
                (lambda () (diags-from fix-gopls-source)))
    (wait-until (format "%d %s diagnostics" fix-findings fix-source) (count-is fix-source fix-findings))
    (say "diagnostics: %d from gopls' %s, %d from %s"
         (length (diags-from fix-gopls-source)) fix-gopls-source fix-findings fix-source)

    ;; The quick fix of the first finding, with point at it.
    (goto-char (lsp--position-to-point
                (lsp:range-start (lsp:diagnostic-range (car (diags-from fix-source))))))
    (let ((actions (cl-remove-if-not
                    (lambda (a) (equal (lsp:code-action-kind? a) "quickfix"))
                    (lsp-code-actions-at-point))))
      (unless (= (length actions) 1)
        (fail "want one quick fix at line %d, got %S" (line-number-at-pos) actions))
      (say "applying %s" (lsp:code-action-title (car actions)))
      (lsp-execute-code-action (car actions)))
    (wait-until "the quick fix's diagnostic to go" (count-is fix-source (1- fix-findings)))
    ;; routevet answers an edit before gopls has published all of its
    ;; diagnostics for it: wait for gopls'.
    (wait-until "gopls' diagnostic to stay" (lambda () (diags-from fix-gopls-source)))

    (routevet-fix-all)
    (wait-until "fix-all's diagnostics to go" (count-is fix-source 0))
    (save-buffer)
    (say "wrote %s" buffer-file-name)
    (kill-emacs 0)))

(condition-case err
    (main)
  (error (fail "%S" err)))
