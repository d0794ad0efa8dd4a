import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Role, UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  /** Creates the user, or replaces the role and password of an existing one. Returns whether it was new. */
  async upsert(username: string, role: Role, passwordHash: string): Promise<{ id: string; created: boolean }> {
    const rows: { id: string; created: boolean }[] = await this.users.query(
      `INSERT INTO app_user (username, role, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash
       RETURNING id, (xmax = 0) AS created`,
      [username, role, passwordHash],
    );
    return rows[0];
  }
}
