import type { components } from '../../api/generated/schema';

type Permission = components['schemas']['Permission'];

/** A checkbox per grantable permission, each with its own label. */
export const PermissionBoxes = ({
  legend,
  permissions,
  prefix,
}: {
  legend: string;
  permissions: readonly Permission[];
  prefix: string;
}) => (
  <fieldset>
    <legend>{legend}</legend>
    {permissions
      .filter((p) => p.grantable)
      .map((p) => (
        <div>
          <input type="checkbox" id={`${prefix}-${p.name}`} name="permissions" value={p.name} />{' '}
          <label for={`${prefix}-${p.name}`} class="inline">
            <code>{p.name}</code> <span class="muted">{p.description}</span>
          </label>
        </div>
      ))}
  </fieldset>
);
