import { SetMetadata } from '@nestjs/common';
import type { Role } from './user.entity.js';

export const ROLES_KEY = 'policy-library:roles';

/** The route needs a bearer token of one of these roles (admin may do everything). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any signed-in user, whatever the role. */
export const Authenticated = () => SetMetadata(ROLES_KEY, ['editor', 'legal', 'admin'] satisfies Role[]);
