-- A minimal Neovim configuration that runs routevet's language server on
-- Go files, with no plugins: `nvim -u testdata/lsp/init.lua file.go`.
-- The README's "Editors" section has the same setup for a user's init.lua.
--
-- ROUTEVET_LSP_CMD replaces the command (default: routevet lsp), as the
-- Neovim test does to run a server built from the test binary.

vim.cmd('filetype on')

local cmd = { 'routevet', 'lsp' }
if vim.env.ROUTEVET_LSP_CMD and vim.env.ROUTEVET_LSP_CMD ~= '' then
  cmd = vim.split(vim.env.ROUTEVET_LSP_CMD, ' ', { trimempty = true })
end

-- The root is the module: the nearest directory with a go.mod.
local function module_root(file)
  local gomod = vim.fn.findfile('go.mod', vim.fn.fnamemodify(file, ':p:h') .. ';')
  if gomod == '' then
    return vim.fn.fnamemodify(file, ':p:h')
  end
  return vim.fn.fnamemodify(gomod, ':p:h')
end

local clients = {} -- Neovim 0.7: one client per root

vim.api.nvim_create_autocmd('FileType', {
  -- .routevet.yaml too, so that saving it re-checks the open packages.
  pattern = { 'go', 'yaml' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    if vim.bo[args.buf].filetype == 'yaml' and vim.fn.fnamemodify(file, ':t') ~= '.routevet.yaml' then
      return
    end
    local config = {
      name = 'routevet',
      cmd = cmd,
      root_dir = module_root(file),
    }
    if vim.lsp.start then -- Neovim 0.8 and later
      vim.lsp.start(config, { bufnr = args.buf })
      return
    end
    local id = clients[config.root_dir]
    if not id then
      id = vim.lsp.start_client(config)
      clients[config.root_dir] = id
    end
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
