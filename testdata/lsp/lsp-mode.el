;;; lsp-mode.el --- Emacs configuration: lsp-mode with routevet beside gopls  -*- lexical-binding: t -*-

;; A minimal Emacs configuration running gopls and `routevet lsp' (an
;; add-on server) on Go files through lsp-mode, with Debian's packages
;; (emacs-nox 28.2, elpa-lsp-mode 8.0.0, elpa-go-mode 1.6):
;; `emacs -q -l testdata/lsp/lsp-mode.el file.go'. The README's "Emacs with
;; lsp-mode" section has the same setup.
;;
;; ROUTEVET_LSP_CMD replaces routevet's command (default: routevet lsp) and
;; ROUTEVET_GOPLS_BIN gopls', as the Emacs test does.

(require 'package)
(package-initialize)                    ; Debian's elpa-* packages
(require 'go-mode)
(setq lsp-client-packages '(lsp-go)     ; gopls; no other languages
      lsp-diagnostics-provider :flymake
      lsp-auto-guess-root t             ; the project (below), no prompt
      lsp-keep-workspace-alive nil
      lsp-enable-snippet nil
      lsp-completion-provider :none)
(require 'lsp-mode)
(require 'project)

(when (getenv "ROUTEVET_GOPLS_BIN")
  (setq lsp-go-gopls-server-path (getenv "ROUTEVET_GOPLS_BIN")))

(defvar routevet-lsp-command
  (let ((cmd (getenv "ROUTEVET_LSP_CMD")))
    (if (and cmd (not (string-empty-p cmd)))
        (split-string cmd " " t)
      '("routevet" "lsp"))))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection (lambda () routevet-lsp-command))
  :activation-fn (lsp-activate-on "go")
  :add-on? t                            ; beside gopls, not instead
  :server-id 'routevet))
(add-hook 'go-mode-hook #'lsp-deferred)

;; The project is the Go module (as for eglot, see eglot.el).
(defun routevet-project-find-go-module (dir)
  (when-let ((root (locate-dominating-file dir "go.mod")))
    (cons 'go-module root)))
(cl-defmethod project-root ((project (head go-module)))
  (cdr project))
(add-hook 'project-find-functions #'routevet-project-find-go-module)

(defun routevet-fix-all ()
  "Apply every routevet fix in the buffer."
  (interactive)
  (lsp-execute-code-action-by-kind "source.fixAll.routevet"))
