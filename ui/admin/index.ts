/**
 * The admin page's bundle (`ui/admin.js`): the components, and the page mounted on
 * `<main id="hub-admin">`. The hub's base is where this script was loaded from, one folder up, so
 * the page works under whatever prefix a host mounts the hub at.
 */
import '../index.js'
import { mountAdminPage } from './admin-page.js'

const root = document.getElementById('hub-admin')
if (root) mountAdminPage(root, { base: new URL('..', import.meta.url).href })
